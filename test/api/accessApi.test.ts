import type { Express } from 'express';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { shanghaiDateOf } from '../../domain/calendarDate';
import type { Principal } from '../../domain/access';
import { eventually, startApiHarness, type ApiHarness } from '../support/apiHarness';
import { idNumber } from '../support/ids';

/**
 * Every route behind one access policy: 401 without a valid token; 403 for a
 * role that may not do it; 404 for a subject outside the principal's scope
 * (as if it did not exist). Table-driven over role × route × scope.
 */
const TOWNSHIP = '430681110';
const principals: Record<string, Principal> = {
  clerk: { userId: 'clerk-he', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  otherClerk: { userId: 'clerk-xu', role: 'TOWNSHIP_STAFF', regionCode: '430681111' },
  supervisor: { userId: 'sup-lin', role: 'COUNTY_SUPERVISOR', regionCode: '430681' },
  otherSupervisor: { userId: 'sup-yue', role: 'COUNTY_SUPERVISOR', regionCode: '430682' },
  housing: { userId: 'zhujian-ma', role: 'DEPARTMENT_OFFICER', regionCode: '430681', department: 'HOUSING' },
  education: { userId: 'jiaoyu-gu', role: 'DEPARTMENT_OFFICER', regionCode: '430681', department: 'EDUCATION' },
  auditor: { userId: 'audit-qian', role: 'AUDITOR', regionCode: '430681' },
  admin: { userId: 'admin-chen', role: 'ADMIN', regionCode: '43' },
};

let harness: ApiHarness;
let app: Express;
const headers: Record<string, Record<string, string>> = {};
let caseId: string;

beforeAll(async () => {
  harness = await startApiHarness('time-skipping');
  app = harness.app;
  for (const [name, p] of Object.entries(principals)) headers[name] = await harness.as(p);
  // A case of TOWNSHIP, verified and referred to HOUSING (item-1).
  const today = shanghaiDateOf(Date.now());
  const created = await request(app).post('/api/v1/warnings').set(headers.clerk!).send({
    source: 'FIELD_VISIT', sourceId: `ACL-${randomUUID()}`, idNumber: idNumber('19660606', 606), townshipCode: TOWNSHIP, hardshipType: 'HOUSING', receivedOn: today,
  });
  caseId = created.body.caseId;
  await request(app).post(`/api/v1/cases/${caseId}/actions/verify`).set(headers.clerk!).send({ visitedOn: today, findings: '房屋破损' });
  await request(app).post(`/api/v1/cases/${caseId}/actions/dispose`).set(headers.clerk!)
    .send({ outcome: 'MAY_QUALIFY', reason: '可能符合住房救助', referTo: 'HOUSING', need: '危房改造' });
});
afterAll(() => harness?.stop());

describe('access by role and region over HTTP', () => {
  it('answers 401 without a token or with a bad one', async () => {
    expect((await request(app).get(`/api/v1/cases/${caseId}`)).status).toBe(401);
    const forged = await request(app).get(`/api/v1/cases/${caseId}`).set('Authorization', 'Bearer not.a.token');
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('UNAUTHENTICATED');
  });

  it.each<[string, string, 'get' | 'post', (id: string) => string, object | undefined, number]>([
    ['clerk', 'reads a case of their township', 'get', (id) => `/cases/${id}`, undefined, 200],
    ['otherClerk', 'does not see a case of another township', 'get', (id) => `/cases/${id}`, undefined, 404],
    ['supervisor', 'reads a case of the county', 'get', (id) => `/cases/${id}`, undefined, 200],
    ['otherSupervisor', 'does not see a case of another county', 'get', (id) => `/cases/${id}`, undefined, 404],
    ['housing', 'reads a case referred to it', 'get', (id) => `/cases/${id}`, undefined, 200],
    ['education', 'does not see a case not referred to it', 'get', (id) => `/cases/${id}`, undefined, 404],
    ['auditor', 'reads a case in scope', 'get', (id) => `/cases/${id}`, undefined, 200],
    ['clerk', 'may not read the full history', 'get', (id) => `/cases/${id}/history`, undefined, 403],
    ['auditor', 'reads the full history', 'get', (id) => `/cases/${id}/history`, undefined, 200],
    ['supervisor', 'reads the full history', 'get', (id) => `/cases/${id}/history`, undefined, 200],
    ['otherSupervisor', 'does not see another county\'s history', 'get', (id) => `/cases/${id}/history`, undefined, 404],
    ['auditor', 'may not act', 'post', (id) => `/cases/${id}/actions/record-assistance`, { measure: 'TEMPORARY', description: '临时救助' }, 403],
    ['otherClerk', 'may not act on another township\'s case', 'post', (id) => `/cases/${id}/actions/record-assistance`, { measure: 'TEMPORARY', description: '临时救助' }, 404],
    ['education', 'may not report on a referral to another department', 'post', (id) => `/cases/${id}/actions/report-result`, { itemId: 'item-1', result: 'DELIVERED', note: '—' }, 404],
    ['housing', 'may not do the township\'s steps', 'post', (id) => `/cases/${id}/actions/record-assistance`, { measure: 'HOUSING', description: '危房改造' }, 403],
    ['clerk', 'may not list the whole county', 'get', () => '/tasks?region=430681', undefined, 403],
    ['supervisor', 'lists the county\'s inbox', 'get', () => '/tasks?region=430681', undefined, 200],
    ['supervisor', 'may not list another county', 'get', () => '/supervision/overdue?region=430682', undefined, 403],
    ['housing', 'lists its own department\'s tasks', 'get', () => '/tasks?region=430681&department=HOUSING', undefined, 200],
    ['housing', 'may not list other departments\' tasks', 'get', () => '/tasks?region=430681&department=EDUCATION', undefined, 403],
    ['clerk', 'may not receive a warning for another township', 'post', () => '/warnings', {
      source: 'FIELD_VISIT', sourceId: 'ACL-X', idNumber: idNumber('19660606', 607), townshipCode: '430681111', hardshipType: 'OTHER', receivedOn: '2026-01-05',
    }, 404],
    ['supervisor', 'may not change policy data', 'post', () => '/admin/policies', {
      regionPrefix: '430681110', key: 'application.publicityDays', value: 5, effectiveFrom: '2030-01-01', source: 'test',
    }, 403],
    ['admin', 'changes policy data', 'post', () => '/admin/policies', {
      regionPrefix: '430681110', key: 'application.publicityDays', value: 5, effectiveFrom: '2030-01-01', source: 'test',
    }, 201],
    ['clerk', 'may assess a household (what-if)', 'post', () => '/eligibility/assess', { townshipCode: TOWNSHIP, household: { members: [] } }, 400],
  ])('%s %s', async (who, _what, method, path, body, status) => {
    // Each step with its own Idempotency-Key (money steps require one), so access decides, not validation.
    const req = request(app)[method](`/api/v1${path(caseId)}`).set({ ...headers[who]!, 'Idempotency-Key': randomUUID() });
    const res = body ? await req.send(body) : await req;
    expect({ who, path: path(caseId), status: res.status }).toEqual({ who, path: path(caseId), status });
  });

  it('points a new policy value at where it is read (Location), as it was added', async () => {
    const value = { regionPrefix: '430681110', key: 'application.publicityDays', value: 6, effectiveFrom: '2031-01-01', source: '测试文件' };
    const added = await request(app).post('/api/v1/admin/policies').set(headers.admin!).send(value);
    expect(added.status).toBe(201);
    expect(added.headers.location).toBe(`admin/policies/${added.body.policyId}`);
    const read = await request(app).get(`/api/v1/${added.headers.location}`).set(headers.clerk!);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ ...value, policyId: added.body.policyId, note: '', createdBy: expect.any(String) });
    expect((await request(app).get('/api/v1/admin/policies/999999999').set(headers.clerk!)).status).toBe(404);
  });

  it('shows full ID numbers only to those who act on the household, when asked', async () => {
    const person = idNumber('19580808', 808);
    const imported = await request(app).post('/api/v1/enrolments').set(headers.supervisor!).send({
      reference: `ACL-${randomUUID()}`, applicantIdNumber: person, townshipCode: TOWNSHIP, tier: 'DIBAO', startOn: '2026-03-01', monthlyAmountFen: 40_000,
    });
    const household = `/api/v1/households/${imported.body.householdId}`;
    expect((await request(app).get(household).set(headers.auditor!)).body.members[0].idNumber).toBe('4306**********' + person.slice(-4));
    expect((await request(app).get(`${household}?reveal=idNumbers`).set(headers.auditor!)).status).toBe(403);
    expect((await request(app).get(`${household}?reveal=idNumbers`).set(headers.otherClerk!)).status).toBe(404);
    const revealed = await request(app).get(`${household}?reveal=idNumbers`).set(headers.clerk!);
    expect(revealed.body.members[0].idNumber).toBe(person);
  });

  it('lets the department report the result of the referral to it, on the referral, recorded as its officer', async () => {
    const referralId = `referral-${caseId.slice('case-'.length)}-item-1`;
    const onCase = await request(app).post(`/api/v1/cases/${caseId}/actions/report-result`).set({ ...headers.housing!, 'Idempotency-Key': 'housing-report-0' })
      .send({ itemId: 'item-1', result: 'DELIVERED', note: '已列入农村危房改造' });
    expect([onCase.status, onCase.body.code, onCase.body.referralId]).toEqual([409, 'REFERRED_TO_DEPARTMENT', referralId]);
    const res = await request(app).post(`/api/v1/referrals/${referralId}/actions/report-result`).set({ ...headers.housing!, 'Idempotency-Key': 'housing-report-1' })
      .send({ result: 'DELIVERED', note: '已列入农村危房改造' });
    expect([res.status, res.body.state]).toEqual([200, 'reported']);
    const item = await eventually(async () => (await request(app).get(`/api/v1/cases/${caseId}`).set(headers.clerk!)).body.items[0], (i) => i.result);
    expect(item.result).toMatchObject({ result: 'DELIVERED' });
    const history = await request(app).get(`/api/v1/referrals/${referralId}/history`).set(headers.auditor!);
    const reported = history.body.events.find((e: { what: string }) => e.what === 'report-result requested');
    expect(reported.by).toEqual({ userId: 'zhujian-ma', regionCode: '430681', role: 'DEPARTMENT_OFFICER' });
  });
});
