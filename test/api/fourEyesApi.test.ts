import { createPublicKey, generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { maskIdNumber } from '../../domain/idNumber';
import { useApiHarness } from '../support/apiHarness';
import { idNumber, uniqueSourceId } from '../support/ids';
import { fullIdNumbersIn } from '../support/logScan';

/**
 * 回避 everywhere (issue 12): on every case step and on receiving an
 * application, and the supervisor's list of staff relatives who receive
 * assistance — on the dev server and PostgreSQL.
 */
const TOWNSHIP = '430681107'; // 弼时镇
const COUNTY = '430681';

const api = useApiHarness('dev', {
  clerk: { userId: 'clerk-4eyes', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  related: { userId: 'clerk-4eyes-related', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  supervisor: { userId: 'sup-4eyes', role: 'COUNTY_SUPERVISOR', regionCode: COUNTY },
  admin: { userId: 'admin-4eyes', role: 'ADMIN', regionCode: '43' },
});

let sequence = 500;
const newPerson = () => idNumber('19560101', (sequence += 2));
const today = () => shanghaiDateOf(Date.now());

async function registerRelative(staffUserId: string, relativeIdNumber: string, relation = 'PARENT') {
  const res = await api.post('/admin/staff-relatives', { staffUserId, relativeIdNumber, relation }, api.as.admin);
  expect(res.status).toBe(201);
}

describe('回避 on case steps and on receiving an application', () => {
  it('a clerk whose registered parent is the case subject cannot take any step; another clerk can', async () => {
    const parent = newPerson();
    await registerRelative('clerk-4eyes-related', parent);
    const created = await api.post('/warnings', {
      source: 'FIELD_VISIT', sourceId: uniqueSourceId('4EYES'), idNumber: parent, townshipCode: TOWNSHIP,
      hardshipType: 'MEDICAL', receivedOn: today(), detail: '走访发现大额医疗支出',
    });
    expect(created.status).toBe(201);
    const caseId: string = created.body.caseId;

    const verify = { visitedOn: today(), findings: '入户核实：住院自付费用较高' };
    const refused = await api.post(`/cases/${caseId}/actions/verify`, verify, api.as.related);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT_OF_INTEREST', relation: 'PARENT' });
    expect(fullIdNumbersIn(refused.text)).toEqual([]);
    expect((await api.get(`/api/v1/cases/${caseId}`)).body.state).toBe('verifying'); // nothing written

    expect((await api.post(`/cases/${caseId}/actions/verify`, verify)).body.state).toBe('verified');
    const dispose = { outcome: 'DELIVER_POLICY', reason: '符合临时救助' };
    expect((await api.post(`/cases/${caseId}/actions/dispose`, dispose, api.as.related)).status).toBe(409);
    expect((await api.post(`/cases/${caseId}/actions/dispose`, dispose)).body.state).toBe('assisting');
    // The 900-yuan item of the issue: refused to the relative, recorded by another clerk.
    const item = { measure: 'TEMPORARY', description: '临时救助', amountFen: 90000 };
    expect((await api.post(`/cases/${caseId}/actions/record-assistance`, item, api.as.related)).status).toBe(409);
    const recorded = await api.post(`/cases/${caseId}/actions/record-assistance`, item);
    expect(recorded.status).toBe(200);
    expect(recorded.body.items).toHaveLength(1);
    const events = await api.db.query<{ actor_id: string }>('SELECT actor_id FROM subject_events WHERE subject_type = $1 AND subject_id = $2', ['CASE', caseId]);
    expect(events.map((e) => e.actor_id)).not.toContain('clerk-4eyes-related');
  });

  it('a clerk cannot receive the application of a registered relative; nothing is written', async () => {
    const sibling = newPerson();
    await registerRelative('clerk-4eyes-related', sibling, 'SIBLING');
    const reference = `SQ-4EYES-${randomUUID()}`;
    const body = { reference, applicantIdNumber: sibling, townshipCode: TOWNSHIP, channel: 'SELF', receivedOn: today() };
    const refused = await api.post('/applications', body, api.as.related);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT_OF_INTEREST', relation: 'SIBLING' });
    expect(await api.db.query('SELECT 1 FROM applications WHERE reference = $1', [reference])).toEqual([]);
    const received = await api.post('/applications', body);
    expect(received.status).toBe(201);
  });
});

describe('registered relatives of staff who receive assistance', () => {
  it('lists them for a supervisor of the region, masked and paginated; not for township staff', async () => {
    const [a, b] = [newPerson(), newPerson()];
    await registerRelative('clerk-4eyes-list', a, 'SPOUSE');
    await registerRelative('clerk-4eyes-list', b, 'CHILD');
    for (const person of [a, b]) {
      const res = await api.post('/enrolments', {
        reference: `LEGACY-4EYES-${randomUUID()}`, applicantIdNumber: person, townshipCode: TOWNSHIP, tier: 'DIBAO',
        startOn: today(), monthlyAmountFen: 45000,
      }, api.as.supervisor);
      expect([200, 201, 202]).toContain(res.status);
    }
    const url = `/api/v1/integrity/relatives-receiving-assistance?region=${TOWNSHIP}&limit=1`;
    const first = await api.get(url).set(api.as.supervisor);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.next).toEqual(expect.any(String));
    const items = [...first.body.items];
    let next: string | undefined = first.body.next;
    while (next) {
      const page = await api.get(`${url}&next=${encodeURIComponent(next)}`).set(api.as.supervisor);
      items.push(...page.body.items);
      next = page.body.next;
    }
    const mine = items.filter((i: { staffUserId: string }) => i.staffUserId === 'clerk-4eyes-list');
    expect(mine).toEqual(expect.arrayContaining([
      expect.objectContaining({ relation: 'SPOUSE', relative: { idNumber: maskIdNumber(a) }, enrolment: expect.objectContaining({ tier: 'DIBAO', status: 'ACTIVE', monthlyAmountFen: 45000 }) }),
      expect.objectContaining({ relation: 'CHILD', relative: { idNumber: maskIdNumber(b) } }),
    ]));
    expect(mine).toHaveLength(2);
    expect(fullIdNumbersIn(JSON.stringify(items))).toEqual([]);

    expect((await api.get(url).set(api.as.clerk)).status).toBe(403);
    expect((await api.get(`/api/v1/integrity/relatives-receiving-assistance?region=430682`).set(api.as.supervisor)).status).toBe(404);
    expect((await api.get(`/api/v1/integrity/relatives-receiving-assistance?region=${TOWNSHIP}&next=bogus`).set(api.as.supervisor)).status).toBe(400);
  });
});

describe('signed checkpoints on demand', () => {
  it('an ADMIN signs one and exports it with the public key; others may not', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidloop-cp-api-'));
    const keyFile = path.join(dir, 'key.pem');
    fs.writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    process.env.AIDLOOP_AUDIT_SIGNING_KEY_FILE = keyFile;
    try {
      const created = await api.post('/admin/audit/checkpoints', {}, api.as.admin);
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe(`admin/audit/checkpoints/${created.body.checkpointId}`);
      expect(created.body).toMatchObject({ checkpointId: expect.any(String), keyId: expect.stringMatching(/^[0-9a-f]{16}$/), signature: expect.any(String) });
      const exported = await api.get(`/api/v1/admin/audit/checkpoints/${created.body.checkpointId}`).set(api.as.admin);
      expect(exported.status).toBe(200);
      expect(exported.body).toEqual(created.body);
      expect(verify(null, Buffer.from(exported.body.manifest), createPublicKey(exported.body.publicKeyPem), Buffer.from(exported.body.signature, 'base64'))).toBe(true);
      expect((await api.post('/admin/audit/checkpoints', {}, api.as.supervisor)).status).toBe(403);
      expect((await api.get('/api/v1/admin/audit/checkpoints/999999999').set(api.as.admin)).status).toBe(404);
      expect((await api.get('/api/v1/admin/audit/checkpoints/x1').set(api.as.admin)).status).toBe(400);
    } finally {
      delete process.env.AIDLOOP_AUDIT_SIGNING_KEY_FILE;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
