import { randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import { addDays, shanghaiDateOf } from '../../domain/calendarDate';
import { idNumberCheckChar, idNumberProblem } from '../../domain/idNumber';
import { buildApp } from '../../api/app';
import { createWorker } from '../../worker/createWorker';
import { TEST_PSEUDONYM_KEY, eventually, useApiHarness } from '../support/apiHarness';
import { workflowBundle } from '../support/temporal';

const TOWNSHIP = '430681105'; // 川山坪镇
const COUNTY = '430681';

const api = useApiHarness('dev', {
  clerk: { userId: 'clerk-luo', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  supervisor: { userId: 'sup-yi', role: 'COUNTY_SUPERVISOR', regionCode: COUNTY },
});

/** A person of their own per emergency (someone from elsewhere: no household-registration restriction), so the split rule stays out of the way. */
function someone(): string {
  const first17 = `110105198${randomInt(0, 10)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

function emergency(overrides: Record<string, unknown> = {}) {
  return {
    reportId: `CSP-${randomUUID()}`,
    idNumber: someone(),
    townshipCode: TOWNSHIP,
    kind: 'HOMELESS_OR_STRANDED',
    amountRequestedFen: 50_000,
    description: '外地务工人员钱物被盗，生活无着',
    ...overrides,
  };
}


describe('emergency API over HTTP against the dev server and PostgreSQL', () => {
  it('pays first aid once however often the same report is sent, and documents it afterwards', async () => {
    const e = emergency();
    const first = await api.post('/emergencies', e);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      created: true, state: 'documenting', stateLabel: '已先行救助，待补充说明情况', allowedActions: ['document'],
      route: 'FIRST_AID', amountRequestedFen: 50_000, township: { code: TOWNSHIP, name: '川山坪镇' },
      payment: { amountFen: 50_000, basis: 'FIRST_AID', paidBy: { userId: 'clerk-luo', regionCode: TOWNSHIP } },
      documentation: { workingDays: 5, overdue: false, escalated: false },
    });
    expect(first.body.person.idNumber).toMatch(/^1101\*{10}\d{3}[\dX]$/);
    const id: string = first.body.emergencyId;
    expect(id).toMatch(/^emergency-[0-9a-f]{32}$/);
    expect(first.body.openTasks).toEqual([
      expect.objectContaining({ kind: 'FIRST_AID_DOCUMENTATION', regionCode: TOWNSHIP, dueOn: first.body.documentation.dueOn }),
    ]);

    const [second, third] = [await api.post('/emergencies', e), await api.post('/emergencies', { ...e, amountRequestedFen: 90_000 })];
    expect([second.status, third.status]).toEqual([200, 200]);
    expect(third.body).toMatchObject({ created: false, emergencyId: id, payment: { amountFen: 50_000 } });
    expect(await api.db.query(`SELECT 1 FROM emergencies WHERE township_code = $1 AND report_id = $2`, [TOWNSHIP, e.reportId])).toHaveLength(1);
    expect(await api.db.query(`SELECT 1 FROM emergency_payments WHERE emergency_id = $1`, [id])).toHaveLength(1);

    const inbox = await api.get('/api/v1/tasks').query({ region: TOWNSHIP, kind: 'FIRST_AID_DOCUMENTATION', limit: 200 });
    expect(inbox.body.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ subjectType: 'EMERGENCY', subjectId: id, kind: 'FIRST_AID_DOCUMENTATION' }),
    ]));

    const documented = await api.post(`/emergencies/${id}/actions/document`, { circumstances: '钱物被盗，已先行救助500元并联系返乡' });
    expect(documented.status).toBe(200);
    expect(documented.body).toMatchObject({
      state: 'closed', allowedActions: [], openTasks: [],
      documentation: { circumstances: '钱物被盗，已先行救助500元并联系返乡', documentedBy: { userId: 'clerk-luo' } },
    });
    const history = await api.get(`/api/v1/emergencies/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.events[0].what).toBe('emergency reported');
    expect(history.body.events.map((x: { what: string }) => x.what)).toEqual(expect.arrayContaining([
      'record EMERGENCY_REPORTED (reported → paying)', 'record PAID (paying → documenting)', 'document requested', 'emergency workflow completed',
    ]));
    expect(JSON.stringify(history.body)).not.toContain(e.idNumber);
  });

  it('pays above the limit only after review and approval, once for a retried approval', async () => {
    const { body } = await api.post('/emergencies', emergency({ kind: 'FIRE', amountRequestedFen: 300_000, description: '房屋失火' }));
    expect(body).toMatchObject({ state: 'reviewing', route: 'APPROVAL', payment: null, documentation: null, assessment: { reason: 'ABOVE_LIMIT' } });
    const reviewed = await api.post(`/emergencies/${body.emergencyId}/actions/review`, { findings: '房屋烧毁，生活用品全无', recommendedAmountFen: 250_000 });
    expect(reviewed.body).toMatchObject({ state: 'approving', allowedActions: ['approve', 'reject'], payment: null });
    expect(reviewed.body.openTasks).toEqual([expect.objectContaining({ kind: 'EMERGENCY_APPROVAL', regionCode: COUNTY })]);

    const headers = { ...api.as.supervisor, 'Idempotency-Key': `approve-${randomUUID()}` };
    const approved = await api.post(`/emergencies/${body.emergencyId}/actions/approve`, { approvedAmountFen: 200_000, opinion: '同意救助2000元' }, headers);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'closed', payment: { amountFen: 200_000, basis: 'APPROVED', paidBy: { userId: 'sup-yi' } } });
    const retried = await api.post(`/emergencies/${body.emergencyId}/actions/approve`, { approvedAmountFen: 200_000, opinion: '同意救助2000元' }, headers);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ state: 'closed', payment: { amountFen: 200_000 } });
    expect(await api.db.query(`SELECT 1 FROM emergency_payments WHERE emergency_id = $1`, [body.emergencyId])).toHaveLength(1);
  });

  it('answers an illegal step with 409 and the allowed actions', async () => {
    const { body } = await api.post('/emergencies', emergency({ amountRequestedFen: 100_001 }));
    const early = await api.post(`/emergencies/${body.emergencyId}/actions/approve`, { approvedAmountFen: 100_001, opinion: '同意' }, api.as.supervisor);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'ILLEGAL_ACTION', state: 'reviewing', allowedActions: ['review'] });
    const notFirstAid = await api.post(`/emergencies/${body.emergencyId}/actions/document`, { circumstances: '无需补充说明' });
    expect(notFirstAid.status).toBe(409);

    await api.post(`/emergencies/${body.emergencyId}/actions/review`, { findings: '核实', recommendedAmountFen: 0 });
    const rejected = await api.post(`/emergencies/${body.emergencyId}/actions/reject`, { reason: '不符合急难救助条件' }, api.as.supervisor);
    expect(rejected.body).toMatchObject({ state: 'rejected', stateLabel: '不予救助', payment: null });
    const afterwards = await api.post(`/emergencies/${body.emergencyId}/actions/approve`, { approvedAmountFen: 1, opinion: '改为同意' }, api.as.supervisor);
    expect(afterwards.status).toBe(409);
    expect(afterwards.body).toMatchObject({ state: 'rejected', allowedActions: [] });
    const withNewKey = await api.post(`/emergencies/${body.emergencyId}/actions/approve`, { approvedAmountFen: 1, opinion: '改为同意' },
      { ...api.as.supervisor, 'Idempotency-Key': `late-${randomUUID()}` });
    expect(withNewKey.status).toBe(409);
    expect(withNewKey.body).toMatchObject({ code: 'ILLEGAL_ACTION', state: 'rejected', allowedActions: [] });
  });

  it('answers a bad report with 400 naming each wrong field, and writes nothing', async () => {
    expect(idNumberProblem('430681198501012311')).toBe('checksum');
    const bad = emergency({
      idNumber: '430681198501012311', townshipCode: '430681999', kind: 'FLOOD', amountRequestedFen: 500.5,
      occurredOn: addDays(shanghaiDateOf(Date.now()), 2), description: ' ',
    });
    const res = await api.post('/emergencies', bad);
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'body.amountRequestedFen', 'body.description', 'body.idNumber', 'body.kind', 'body.occurredOn', 'body.townshipCode',
    ]);
    // An invalid but well-formed person is not registered either (other test files write concurrently: look at this request's rows only).
    const valid = emergency({ amountRequestedFen: 0 });
    expect((await api.post('/emergencies', valid)).body.issues.map((i: { path: string }) => i.path)).toEqual(['body.amountRequestedFen']);
    expect(await api.db.query(`SELECT 1 FROM emergencies WHERE report_id = ANY($1)`, [[bad.reportId, valid.reportId]])).toEqual([]);
    expect(await api.db.query(`SELECT 1 FROM persons WHERE id_number = $1`, [valid.idNumber])).toEqual([]);
    const noReport = await api.post('/emergencies', { ...emergency(), reportId: undefined });
    expect(noReport.body.issues.map((i: { path: string }) => i.path)).toEqual(['body.reportId']);
    expect((await api.post('/emergencies', emergency(), {})).status).toBe(401);

    const { body } = await api.post('/emergencies', emergency({ amountRequestedFen: 200_000 }));
    const rowsOf = async () => api.db.query(
      `SELECT (SELECT count(*)::int FROM subject_events WHERE subject_type = 'EMERGENCY' AND subject_id = $1) AS events,
              (SELECT version FROM emergencies WHERE emergency_id = $1) AS version`, [body.emergencyId]);
    const before = await rowsOf();
    const badStep = await api.post(`/emergencies/${body.emergencyId}/actions/review`, { recommendedAmountFen: -1 });
    expect(badStep.status).toBe(400);
    expect(badStep.body.issues.map((i: { path: string }) => i.path)).toEqual(['body.findings', 'body.recommendedAmountFen']);
    expect(await rowsOf()).toEqual(before);
    expect((await api.get(`/api/v1/emergencies/${body.emergencyId}`)).body).toMatchObject({ state: 'reviewing', payment: null });
  });

  it('lists the documentation step of an emergency entered late as overdue after its due date, and escalates it to the county', async () => {
    // Happened on Monday 2026-01-05: 5 working days later is Monday 2026-01-12 (the day it happened is not counted).
    const { body } = await api.post('/emergencies', emergency({ kind: 'ACCIDENT', occurredOn: '2026-01-05', amountRequestedFen: 80_000 }));
    expect(body).toMatchObject({
      state: 'documenting', occurredOn: '2026-01-05', documentation: { dueOn: '2026-01-12', remindOn: '2026-01-09', overdue: true },
    });
    const ours = (steps: { subjectId: string }[]) => steps.filter((s) => s.subjectId === body.emergencyId);

    const overdue = await api.get('/api/v1/supervision/overdue').query({ region: COUNTY, asOf: '2026-01-13', limit: 200 });
    expect(ours(overdue.body.items)).toEqual([
      expect.objectContaining({ subjectType: 'EMERGENCY', kind: 'FIRST_AID_DOCUMENTATION', regionCode: TOWNSHIP, dueOn: '2026-01-12', workingDaysOverdue: 1 }),
    ]);
    const onDueDate = await api.get('/api/v1/supervision/overdue').query({ region: COUNTY, asOf: '2026-01-12', limit: 200 });
    expect(ours(onDueDate.body.items)).toEqual([]);

    // The deadline had passed when the emergency was entered: escalated at once, with no reminder.
    let view = await api.get(`/api/v1/emergencies/${body.emergencyId}`);
    for (let i = 0; i < 50 && !view.body.documentation.escalated; i++) {
      await new Promise((r) => setTimeout(r, 100));
      view = await api.get(`/api/v1/emergencies/${body.emergencyId}`);
    }
    expect(view.body.documentation).toMatchObject({ escalated: true, overdue: true, reminded: false });
    const countyInbox = await api.get('/api/v1/tasks').query({ region: COUNTY, kind: 'FIRST_AID_DOCUMENTATION_ESCALATION', limit: 200 });
    expect(countyInbox.body.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ subjectId: body.emergencyId, kind: 'FIRST_AID_DOCUMENTATION_ESCALATION', regionCode: COUNTY }),
    ]));
    const events = await api.db.query<{ event_type: string }>(`SELECT event_type FROM subject_events WHERE subject_type = 'EMERGENCY' AND subject_id = $1 ORDER BY seq`, [body.emergencyId]);
    expect(events.map((x) => x.event_type)).toEqual(['EMERGENCY_REPORTED', 'PAID', 'DOCUMENTATION_OVERDUE']);
  });

  it('routes a second request of the same person within the window to approval when both together pass the limit', async () => {
    const idNumberOfPerson = someone();
    const first = await api.post('/emergencies', emergency({ idNumber: idNumberOfPerson, amountRequestedFen: 70_000 }));
    // Another township: no household-registration restriction, and the split rule still sees the first payment.
    const second = await api.post('/emergencies', emergency({ idNumber: idNumberOfPerson, amountRequestedFen: 40_000, townshipCode: '430681107' }), api.as.supervisor);
    expect(first.body.state).toBe('documenting');
    expect(second.body).toMatchObject({
      state: 'reviewing', payment: null,
      assessment: { reason: 'SPLIT', priorFirstAidFen: 70_000, priorFirstAidEmergencyIds: [first.body.emergencyId], limitFen: 100_000 },
    });
  });

  it('loses nothing and pays once when no worker is running: 202, then the emergency is paid when a worker starts', async () => {
    const queue = `idle-${randomUUID()}`;
    const idle = buildApp({ db: api.db, temporal: api.env.client, taskQueue: queue, pseudonymKey: TEST_PSEUDONYM_KEY, stepTimeoutMs: 1000, verifyToken: api.harness.verifyToken });
    const e = emergency();
    const res = await request(idle).post('/api/v1/emergencies').set(api.as.clerk).send(e);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ created: true, state: 'receiving' });
    expect((await request(idle).post('/api/v1/emergencies').set(api.as.clerk).send(e)).status).toBe(202);

    const late = await createWorker({ connection: api.env.nativeConnection, namespace: 'default', taskQueue: queue, db: api.db, temporal: api.env.client, workflowBundle: await workflowBundle() });
    await late.runUntil(async () => {
      // A worker that has just started may take longer than the 1 s step timeout on a loaded machine: 202 again until it has run.
      const again = await eventually(() => request(idle).post('/api/v1/emergencies').set(api.as.clerk).send(e), (r) => r.status !== 202);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ created: false, emergencyId: res.body.emergencyId, state: 'documenting', payment: { amountFen: 50_000 } });
    });
    expect(await api.db.query(`SELECT 1 FROM emergency_payments WHERE emergency_id = $1`, [res.body.emergencyId])).toHaveLength(1);
  });

  it('answers 404 for an unknown emergency and an unknown action', async () => {
    expect((await api.get('/api/v1/emergencies/emergency-00000000000000000000000000000000')).status).toBe(404);
    const { body } = await api.post('/emergencies', emergency());
    const res = await api.post(`/emergencies/${body.emergencyId}/actions/verify`, {});
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('UNKNOWN_ACTION');
  });

  it('delivers a case\'s temporary-aid item: the case learns the amount paid when the emergency closes', async () => {
    const person = someone();
    const warning = await api.post('/warnings', {
      source: 'FIELD_VISIT', sourceId: `JN-${randomUUID()}`, idNumber: person, townshipCode: TOWNSHIP, hardshipType: 'DISASTER', receivedOn: shanghaiDateOf(Date.now()),
    });
    const caseId = warning.body.caseId as string;
    await api.post(`/cases/${caseId}/actions/verify`, { visitedOn: shanghaiDateOf(Date.now()), findings: '房屋受灾' });
    await api.post(`/cases/${caseId}/actions/dispose`, { outcome: 'DELIVER_POLICY', reason: '需临时救助' });
    await api.post(`/cases/${caseId}/actions/record-assistance`, { measure: 'TEMPORARY', description: '急难型临时救助' });

    const wrong = await api.post('/emergencies', emergency({ idNumber: person, fromCase: { caseId, itemId: 'item-9' } }));
    expect(wrong.status).toBe(400);
    const paid = await api.post('/emergencies', emergency({ idNumber: person, amountRequestedFen: 50_000, fromCase: { caseId, itemId: 'item-1' } }));
    expect(paid.status).toBe(201);
    await api.post(`/emergencies/${paid.body.emergencyId}/actions/document`, { circumstances: '房屋受灾，已先行救助' });
    const c = await eventually(async () => (await api.get(`/api/v1/cases/${caseId}`)).body, (b) => b.state === 'feedback');
    expect(c.items[0]).toMatchObject({ id: 'item-1', result: { result: 'DELIVERED', amountFen: 50_000 } });
  });
});
