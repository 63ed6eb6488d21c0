import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addDays, shanghaiDateOf } from '../../domain/calendarDate';
import { buildApp } from '../../api/app';
import { createWorker } from '../../worker/createWorker';
import { TEST_PSEUDONYM_KEY, eventually, useApiHarness } from '../support/apiHarness';
import { idNumber, uniqueSourceId } from '../support/ids';
import { workflowBundle } from '../support/temporal';

const TOWNSHIP = '430681103'; // 古培镇

const api = useApiHarness('dev', {
  clerk: { userId: 'clerk-wang', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  medical: { userId: 'officer-medical', role: 'DEPARTMENT_OFFICER', regionCode: '430681', department: 'MEDICAL_INSURANCE' },
});

const today = () => shanghaiDateOf(Date.now());

// A person per warning: a second clue about a person with an open case would join that case.
let person = 100;
function warning(overrides: Record<string, unknown> = {}) {
  return {
    source: 'PROVINCIAL_CLUE',
    sourceId: uniqueSourceId(),
    idNumber: idNumber('19620716', (person += 1)),
    townshipCode: TOWNSHIP,
    hardshipType: 'MEDICAL',
    receivedOn: today(),
    detail: '大额医疗费用支出预警',
    ...overrides,
  };
}


/** What a request may have written for one source record (other test files write concurrently, so count only these). */
async function rowsOf(sourceId: string, idNumber: string): Promise<Record<string, number>> {
  const [row] = await api.db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM cases WHERE source_id = $1) AS cases,
            (SELECT count(*)::int FROM tasks t JOIN cases c USING (case_id) WHERE c.source_id = $1) AS tasks,
            (SELECT count(*)::int FROM subject_events e JOIN cases c ON c.case_id = e.subject_id WHERE c.source_id = $1) AS events,
            (SELECT count(*)::int FROM persons WHERE id_number = $2) AS persons`,
    [sourceId, idNumber],
  );
  return row ?? {};
}

describe('case API over HTTP against the dev server and PostgreSQL', () => {
  it('walks one warning through the whole closed loop', async () => {
    const received = warning();
    const created = await api.post('/warnings', received);
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`cases/${created.body.caseId}`);
    expect(created.body).toMatchObject({ created: true, state: 'verifying', stateLabel: '待入户核实', allowedActions: ['verify'] });
    expect(created.body.person.idNumber).toMatch(/^4306\*{10}\d{3}[\dX]$/);
    expect(created.body.verification.workingDays).toBe(40);
    const caseId: string = created.body.caseId;
    expect(caseId).toMatch(/^case-[0-9a-f]{32}$/);

    const inbox = await api.get('/api/v1/tasks').query({ region: TOWNSHIP, kind: 'VERIFY', limit: 200 });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId, kind: 'VERIFY', dueOn: created.body.verification.dueOn })]),
    );

    const steps: [string, object, string][] = [
      ['verify', { visitedOn: today(), findings: '入户核实：住院自付费用较高' }, 'verified'],
      ['dispose', { outcome: 'MAY_QUALIFY', reason: '可能符合医疗救助', referTo: 'MEDICAL_INSURANCE', need: '医后救助' }, 'assisting'],
      ['refer', { referTo: 'APPLICATION', need: '协助申办低保' }, 'assisting'],
      ['report-result', { itemId: 'item-2', result: 'NOT_ELIGIBLE', note: '家计调查后不符合低保' }, 'assisting'],
    ];
    for (const [action, body, state] of steps) {
      const res = await api.post(`/cases/${caseId}/actions/${action}`, body);
      expect({ action, status: res.status, state: res.body.state }).toEqual({ action, status: 200, state });
    }
    // The item referred to medical insurance is the referral's: the case refuses its result and names the referral.
    const referralId = `referral-${caseId.slice('case-'.length)}-item-1`;
    const onCase = await api.post(`/cases/${caseId}/actions/report-result`, { itemId: 'item-1', result: 'DELIVERED', note: '医疗救助已落实' }, api.as.medical);
    expect([onCase.status, onCase.body.code, onCase.body.referralId]).toEqual([409, 'REFERRED_TO_DEPARTMENT', referralId]);
    const reported = await api.post(`/referrals/${referralId}/actions/report-result`, { result: 'DELIVERED', note: '医疗救助已落实', amountFen: 1250000 }, api.as.medical);
    expect([reported.status, reported.body.state]).toEqual([200, 'reported']);
    await eventually(async () => (await api.get(`/api/v1/cases/${caseId}`)).body, (c) => c.state === 'feedback');
    const fed = await api.post(`/cases/${caseId}/actions/feedback`, { summary: '已向市民政局反馈处理结果' });
    expect([fed.status, fed.body.state]).toEqual([200, 'closed']);

    const closed = await api.get(`/api/v1/cases/${caseId}`);
    expect(closed.body).toMatchObject({ state: 'closed', allowedActions: [], openTasks: [], feedback: '已向市民政局反馈处理结果' });
    expect(closed.body.completedTasks.map((t: { kind: string }) => t.kind).sort()).toEqual(['DISPOSE', 'FEEDBACK', 'FOLLOW_UP', 'VERIFY']);
    // The same warning again: the closed case answers from the projection, not reopened (its workflow takes no update).
    const again = await api.post('/warnings', received);
    expect([again.status, again.body.created, again.body.caseId, again.body.state]).toEqual([200, false, caseId, 'closed']);

    const history = await api.get(`/api/v1/cases/${caseId}/history`);
    expect(history.status).toBe(200);
    const requested = history.body.events.filter((e: { what: string }) => e.what.endsWith(' requested') && e.what !== 'receipt requested');
    expect(requested.map((e: { what: string }) => e.what)).toEqual([...steps.map(([a]) => `${a} requested`), 'feedback requested']);
    expect(requested.every((e: { by: { userId: string } }) => e.by.userId === 'clerk-wang')).toBe(true);
    expect(history.body.events.at(-1).what).toBe('case closed');
    // The due date as planned at receipt opens the history; the receipt's record (a local activity) is shown too.
    expect(history.body.events[0]).toMatchObject({ what: 'warning received, case opened', payload: { deadline: { dueOn: created.body.verification.dueOn } } });
    const local = history.body.events.filter((e: { what: string }) => e.what.endsWith('(local)'));
    expect(local.map((e: { what: string }) => e.what)).toEqual(['recordCaseEvent completed (local)']);
    expect(JSON.stringify(history.body)).not.toContain(warning().idNumber);
  });

  it('returns the same case when the same clue arrives twice', async () => {
    const w = warning();
    const first = await api.post('/warnings', w);
    const second = await api.post('/warnings', w);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ created: false, caseId: first.body.caseId });
    const rows = await api.db.query(`SELECT 1 FROM cases WHERE source_id = $1`, [w.sourceId]);
    expect(rows).toHaveLength(1);
  });

  it('answers an illegal action with 409 and the allowed actions', async () => {
    const { body } = await api.post('/warnings', warning());
    const res = await api.post(`/cases/${body.caseId}/actions/feedback`, { summary: '过早反馈' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'ILLEGAL_ACTION', state: 'verifying', allowedActions: ['verify'] });
  });

  it('answers a bad payload with 400 naming each wrong field, and writes nothing', async () => {
    const bad = warning({ idNumber: '430681196207152310', townshipCode: '430681999', receivedOn: '2026-02-30', hardshipType: 'BAD' });
    const res = await api.post('/warnings', bad);
    expect(res.status).toBe(400);
    expect(await rowsOf(bad.sourceId, bad.idNumber)).toEqual({ cases: 0, tasks: 0, events: 0, persons: 0 });
    expect(res.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(
      ['body.hardshipType', 'body.idNumber', 'body.receivedOn', 'body.townshipCode'],
    );
    const unsigned = warning({ idNumber: idNumber('19620715', 232) });
    const noActor = await api.post('/warnings', unsigned, {});
    expect(noActor.status).toBe(401);
    expect(noActor.body.code).toBe('UNAUTHENTICATED');
    expect(await rowsOf(unsigned.sourceId, unsigned.idNumber)).toEqual({ cases: 0, tasks: 0, events: 0, persons: 0 });

    const good = warning();
    const { body } = await api.post('/warnings', good);
    const mid = await rowsOf(good.sourceId, good.idNumber);
    const badStep = await api.post(`/cases/${body.caseId}/actions/verify`, { visitedOn: 'yesterday' });
    expect(badStep.status).toBe(400);
    expect(badStep.body.issues.map((i: { path: string }) => i.path)).toEqual(['body.visitedOn', 'body.findings']);
    expect(await rowsOf(good.sourceId, good.idNumber)).toEqual(mid);
    expect(mid.cases).toBe(1);
  });

  it('applies a retried step once when it carries the same Idempotency-Key', async () => {
    const { body } = await api.post('/warnings', warning());
    await api.post(`/cases/${body.caseId}/actions/verify`, { visitedOn: today(), findings: '核实' });
    await api.post(`/cases/${body.caseId}/actions/dispose`, { outcome: 'DELIVER_POLICY', reason: '政策未落实' });
    const step = { measure: 'TEMPORARY', description: '临时救助', amountFen: 100000 };
    const headers = { ...api.as.clerk, 'Idempotency-Key': `pay-${randomUUID()}` };
    const [first, retry] = [await api.post(`/cases/${body.caseId}/actions/record-assistance`, step, headers),
      await api.post(`/cases/${body.caseId}/actions/record-assistance`, step, headers)];
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body.items).toHaveLength(1);
    // Another payment of the same kind this month is a second one: 重复救助 unless the clerk says why (DUPLICATE_AID).
    const other = await api.post(`/cases/${body.caseId}/actions/record-assistance`, { ...step, duplicateReason: '二次受灾，经研究再次给予临时救助' },
      { ...api.as.clerk, 'Idempotency-Key': `pay-${randomUUID()}` });
    expect(other.body.items).toHaveLength(2);
  });

  it('loses nothing when no worker is running: 202, then the case goes on when a worker starts', async () => {
    const queue = `idle-${randomUUID()}`;
    const idle = buildApp({ db: api.db, temporal: api.env.client, taskQueue: queue, pseudonymKey: TEST_PSEUDONYM_KEY, stepTimeoutMs: 1000, verifyToken: api.harness.verifyToken });
    const w = warning();
    const res = await request(idle).post('/api/v1/warnings').set(api.as.clerk).send(w);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ created: true, state: 'receiving' });
    expect((await api.get(`/api/v1/cases/${res.body.caseId}`)).status).toBe(404);

    const late = await createWorker({ connection: api.env.nativeConnection, namespace: 'default', taskQueue: queue, db: api.db, temporal: api.env.client, workflowBundle: await workflowBundle() });
    await late.runUntil(async () => {
      // Sent again until the late worker confirms receipt (each try waits at most the idle app's 1 s).
      const again = await eventually(() => request(idle).post('/api/v1/warnings').set(api.as.clerk).send(w), (r) => r.status !== 202);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ created: false, caseId: res.body.caseId, state: 'verifying' });
    });
  });

  it('shows the official calendar of a year and loads a notice for a year the package lacks', async () => {
    const admin = await api.harness.as({ userId: 'admin-chen', role: 'ADMIN', regionCode: '43' });
    expect((await request(api.app).put('/api/v1/admin/calendar/2099').set(api.as.clerk).send({ source: 'x', days: [] })).status).toBe(403);
    const y2026 = await api.get('/api/v1/admin/calendar/2026');
    expect(y2026.body.official).toBe(true);
    expect(y2026.body.exceptions).toEqual(expect.arrayContaining([
      { date: '2026-02-14', isWorkday: true }, { date: '2026-02-16', isWorkday: false }, { date: '2026-10-10', isWorkday: true },
    ]));

    const outside = await request(api.app).put('/api/v1/admin/calendar/2099').set(admin)
      .send({ source: '测试通知', days: [{ date: '2098-12-31', isWorkday: false }] });
    expect(outside.status).toBe(400);
    expect(outside.body.issues[0].path).toBe('body.days.0.date');

    const loaded = await request(api.app).put('/api/v1/admin/calendar/2099').set(admin).send({
      source: '测试通知', days: [{ date: '2099-01-02', isWorkday: false, name: '元旦' }, { date: '2099-01-10', isWorkday: true, name: '调休' }],
    });
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({ year: 2099, official: true, loaded: 2 });
    const y2099 = await api.get('/api/v1/admin/calendar/2099');
    expect(y2099.body).toEqual({ year: 2099, official: true, exceptions: [{ date: '2099-01-02', isWorkday: false }, { date: '2099-01-10', isWorkday: true }] });
  });

  it('answers 404 for an unknown case and an unknown action', async () => {
    expect((await api.get('/api/v1/cases/case-00000000000000000000000000000000')).status).toBe(404);
    const { body } = await api.post('/warnings', warning());
    const res = await api.post(`/cases/${body.caseId}/actions/approve`, {});
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('UNKNOWN_ACTION');
  });

  it('lists overdue steps under a county, oldest first, with working days overdue', async () => {
    // Two clues received long ago (2026-01-06 and 2026-01-20): both are overdue now.
    const older = await api.post('/warnings', warning({ receivedOn: '2026-01-06' }));
    const newer = await api.post('/warnings', warning({ receivedOn: '2026-01-20' }));
    expect(older.body.verification.dueOn).toBe('2026-03-09');
    expect(newer.body.verification.dueOn).toBe('2026-03-23');
    const ours = (steps: { caseId: string }[]) => steps.filter((s) => [older.body.caseId, newer.body.caseId].includes(s.caseId));

    const res = await api.get('/api/v1/supervision/overdue').query({ region: '430681', asOf: '2026-03-24', limit: 200 });
    expect(res.status).toBe(200);
    expect(ours(res.body.items)).toEqual([
      expect.objectContaining({ caseId: older.body.caseId, kind: 'VERIFY', dueOn: '2026-03-09', workingDaysOverdue: 11 }),
      expect.objectContaining({ caseId: newer.body.caseId, kind: 'VERIFY', dueOn: '2026-03-23', workingDaysOverdue: 1 }),
    ]);
    const onDueDate = await api.get('/api/v1/supervision/overdue').query({ region: '430681', asOf: '2026-03-09', limit: 200 });
    expect(ours(onDueDate.body.items)).toEqual([]);
    // Another county is outside this supervisor's scope.
    const otherCounty = await api.get('/api/v1/supervision/overdue').query({ region: '430682', asOf: '2026-03-24' });
    expect(otherCounty.status).toBe(403);

    // The timer fired at once for a clue this old: the county has an escalation task.
    const view = await api.get(`/api/v1/cases/${older.body.caseId}`);
    expect(view.body.verification).toMatchObject({ overdue: true });
    const countyInbox = await api.get('/api/v1/tasks').query({ region: '430681', kind: 'VERIFICATION_ESCALATION', limit: 200 });
    expect(countyInbox.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId: older.body.caseId, kind: 'VERIFICATION_ESCALATION', regionCode: '430681' })]),
    );

    const bad = await api.get('/api/v1/supervision/overdue').query({ region: '43x', asOf: addDays(today(), 1) + 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['query.region', 'query.asOf']);
  });
});
