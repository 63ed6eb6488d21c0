import { randomUUID } from 'node:crypto';
import { addDays, addMonths, shanghaiDateOf } from '../../domain/calendarDate';
import { eventually, useApiHarness } from '../support/apiHarness';
import { RecordedHistories, replayFailures } from '../support/histories';
import { dibaoHousehold } from '../support/households';
import { idNumber } from '../support/ids';
import { workflowBundle } from '../support/temporal';

/**
 * Years of one enrolment over HTTP, on the time-skipping server: annual
 * reviews, a late review escalated, gradual exit, monitoring after exit.
 */
const TOWNSHIP = '430681105'; // 川山坪镇

const api = useApiHarness('time-skipping', {
  clerk: { userId: 'clerk-sun', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  supervisor: { userId: 'supervisor-liu', role: 'COUNTY_SUPERVISOR', regionCode: '430681' },
});
const histories = new RecordedHistories();

const serverToday = async () => shanghaiDateOf(await api.env.currentTimeMs());
let sequence = 500;

async function ok(path: string, body: object, headers = api.as.clerk) {
  const res = await api.post(path, body, headers);
  expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 200, code: undefined });
  return res.body;
}

/** An application taken to enrolment (公示 skipped by the time-skipping server); returns its enrolment. */
async function enrolHousehold() {
  const applicant = idNumber('19650101', (sequence += 1));
  const created = await api.post('/applications', {
    reference: `SQ-${randomUUID()}`, applicantIdNumber: applicant, townshipCode: TOWNSHIP, channel: 'SELF', receivedOn: shanghaiDateOf(Date.now()),
  });
  const id = created.body.applicationId as string;
  await ok(`/applications/${id}/actions/record-investigation`, { household: dibaoHousehold(applicant), evidence: '入户调查' });
  await ok(`/applications/${id}/actions/confirm-decision`, { note: '拟纳入' });
  await api.env.sleep('8 days');
  await eventually(async () => (await api.get(`/api/v1/applications/${id}`)).body, (b) => b.state === 'approving');
  const startOn = await serverToday();
  await ok(`/applications/${id}/actions/approve`, { startOn, monthlyAmountFen: 30_000 }, api.as.supervisor);
  const enrolmentId = `enr-${id.slice(4)}`;
  const enrolment = await enrolmentWhen(enrolmentId, (e) => e.allowedActions?.includes('report-change'));
  return { enrolmentId, householdId: created.body.householdId as string, startOn, enrolment };
}

const enrolmentWhen = (id: string, ok: (e: Record<string, any>) => boolean) =>
  eventually(async () => (await api.get(`/api/v1/enrolments/${id}`)).body, ok);

/** Moves the server clock to the start of `date` plus an hour (Asia/Shanghai). */
async function sleepUntil(date: string) {
  const target = Date.parse(`${date}T01:00:00+08:00`);
  const now = await api.env.currentTimeMs();
  if (target > now) await api.env.sleep(target - now);
}

describe('enrolments over the years (time-skipping server)', () => {
  // First, while the server clock is still today: an import's start date may not lie in the future.
  it('imports a recipient enrolled before (存量) whose anniversary is near: the review opens at once', async () => {
    const startOn = addDays(addMonths(await serverToday(), -12), 10);
    const body = { reference: `LEGACY-${randomUUID()}`, applicantIdNumber: idNumber('19550505', (sequence += 1)), townshipCode: TOWNSHIP, tier: 'TEKUN', startOn, monthlyAmountFen: 70_000 };
    expect((await api.post('/enrolments', body)).status).toBe(403); // township staff may not import
    const imported = await api.post('/enrolments', body, api.as.supervisor);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ origin: 'IMPORT', applicationId: null, tier: 'TEKUN' });
    const again = await api.post('/enrolments', body, api.as.supervisor);
    expect(again.status).toBe(200);
    expect(again.body.enrolmentId).toBe(imported.body.enrolmentId);
    const reviewing = await enrolmentWhen(imported.body.enrolmentId, (e) => e.state === 'reviewing' && e.openTasks.length === 1);
    expect(reviewing.openTasks[0]).toMatchObject({ kind: 'ANNUAL_REVIEW', regionCode: TOWNSHIP });
    expect(reviewing.openTasks[0].dueOn >= addMonths(startOn, 12)).toBe(true);
    await ok(`/enrolments/${imported.body.enrolmentId}/actions/complete-review`, { outcome: 'CONTINUE', reason: '仍符合特困条件' });
    const next = await enrolmentWhen(imported.body.enrolmentId, (e) => e.state === 'active' && e.nextReviewDueOn >= addMonths(startOn, 24));
    expect(next.openTasks).toEqual([]);
  });

  it('reviews every year, escalates a late review, exits gradually and ends monitoring two years later', async () => {
    const { enrolmentId, householdId, startOn, enrolment } = await enrolHousehold();
    expect(enrolment).toMatchObject({ tier: 'DIBAO', monthlyAmountFen: 30_000, status: 'ACTIVE', allowedActions: ['report-change'] });
    const firstRun = (await api.env.client.workflow.getHandle(enrolmentId).describe()).runId;

    // Year 1: the review opens 30 days before the anniversary and is done in time.
    const anniversary1 = addMonths(startOn, 12);
    await sleepUntil(addDays(anniversary1, -31));
    expect((await api.get(`/api/v1/enrolments/${enrolmentId}`)).body.state).toBe('active');
    await sleepUntil(addDays(anniversary1, -30));
    const reviewing = await enrolmentWhen(enrolmentId, (e) => e.state === 'reviewing');
    expect(reviewing.openTasks).toEqual([expect.objectContaining({ kind: 'ANNUAL_REVIEW', regionCode: TOWNSHIP })]);
    expect(reviewing.openTasks[0].dueOn >= anniversary1).toBe(true);
    const duties = await api.get(`/api/v1/households/${householdId}/duties`);
    expect(duties.body.duties).toEqual([expect.objectContaining({ subjectType: 'ENROLMENT', kind: 'ANNUAL_REVIEW' })]);
    await ok(`/enrolments/${enrolmentId}/actions/complete-review`, { outcome: 'CONTINUE', reason: '家庭状况无变化', monthlyAmountFen: 32_000 });
    const year2 = await enrolmentWhen(enrolmentId, (e) => e.state === 'active' && e.monthlyAmountFen === 32_000);
    expect(year2.openTasks).toEqual([]);

    // Year 2: nobody reviews; past the due date the county gets an escalation.
    const anniversary2 = addMonths(startOn, 24);
    await sleepUntil(addDays(anniversary2, -30));
    const late = await enrolmentWhen(enrolmentId, (e) => e.state === 'reviewing');
    const dueOn2: string = late.openTasks[0].dueOn;
    await sleepUntil(addDays(dueOn2, 1));
    const escalated = await enrolmentWhen(enrolmentId, (e) => e.openTasks.length === 2);
    expect(escalated.openTasks.map((t: { kind: string; regionCode: string }) => [t.kind, t.regionCode])).toEqual([
      ['ANNUAL_REVIEW', TOWNSHIP], ['REVIEW_ESCALATION', '430681'],
    ]);
    const overdue = await api.get('/api/v1/supervision/overdue').query({ region: '430681', asOf: addDays(dueOn2, 2), kind: 'ANNUAL_REVIEW', limit: 200 });
    expect(overdue.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ subjectId: enrolmentId, kind: 'ANNUAL_REVIEW', dueOn: dueOn2 })]));

    // The late review finds the household better off: gradual exit (渐退) for 6 months, then monitoring for 24.
    const exitDay = await serverToday();
    await ok(`/enrolments/${enrolmentId}/actions/complete-review`, { outcome: 'GRADUAL_EXIT', reason: '家庭成员就业，收入超过标准', exitReason: 'IMPROVED' });
    const gradual = await enrolmentWhen(enrolmentId, (e) => e.state === 'gradualExit' && e.paymentsEndOn);
    expect(gradual).toMatchObject({ status: 'GRADUAL_EXIT', paymentsEndOn: addMonths(exitDay, 6), monitoringEndsOn: addMonths(exitDay, 30), openTasks: [] });

    await sleepUntil(addMonths(exitDay, 6));
    const exited = await enrolmentWhen(enrolmentId, (e) => e.state === 'monitored');
    expect(exited).toMatchObject({ status: 'EXITED', exitReason: 'IMPROVED', exitedOn: addMonths(exitDay, 6) });
    await sleepUntil(addMonths(exitDay, 30));
    const ended = await enrolmentWhen(enrolmentId, (e) => e.state === 'ended');
    expect(ended.status).toBe('MONITORING_ENDED');

    // Each year ran in its own bounded history (continue-as-new).
    const handle = api.env.client.workflow.getHandle(enrolmentId);
    const last = await handle.describe();
    expect(last.runId).not.toBe(firstRun);
    expect(last.status.name).toBe('COMPLETED');
    const firstHistory = await api.env.client.workflow.getHandle(enrolmentId, firstRun).fetchHistory();
    expect(firstHistory.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    expect(firstHistory.events!.length).toBeLessThan(150);
    expect((await handle.fetchHistory()).events!.length).toBeLessThan(150);
    // Its history route spans every run, oldest first.
    const history = await api.get(`/api/v1/enrolments/${enrolmentId}/history`);
    expect(history.status).toBe(200);
    const runs = [...new Set(history.body.events.map((e: { runId: string }) => e.runId))];
    expect(runs.length).toBeGreaterThan(1);
    expect([runs[0], runs.at(-1)]).toEqual([firstRun, last.runId]);
    expect(history.body.events.filter((e: { what: string }) => e.what.startsWith('enrolment run started'))).toHaveLength(runs.length);
    expect(history.body.events.at(-1).what).toBe('enrolment ended');
    await histories.add('enrolment-year-1', api.env.client.workflow.getHandle(enrolmentId, firstRun));
    await histories.add('enrolment-exit', handle);
  });

  it('opens an early review when a change of circumstances is reported', async () => {
    const { enrolmentId } = await enrolHousehold();
    const bad = await api.post(`/enrolments/${enrolmentId}/actions/complete-review`, { outcome: 'CONTINUE', reason: 'x' });
    expect(bad.status).toBe(409);
    expect(bad.body.allowedActions).toEqual(['report-change']);
    await ok(`/enrolments/${enrolmentId}/actions/report-change`, { summary: '户主去世' });
    const review = await enrolmentWhen(enrolmentId, (e) => e.openTasks.length === 1 && e.openTasks[0].dueOn);
    expect(review.openTasks[0]).toMatchObject({ kind: 'CHANGE_REVIEW', regionCode: TOWNSHIP });
    const noReason = await api.post(`/enrolments/${enrolmentId}/actions/complete-review`, { outcome: 'EXIT', reason: '户主去世' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues[0].path).toBe('body.exitReason');
    await ok(`/enrolments/${enrolmentId}/actions/complete-review`, { outcome: 'EXIT', reason: '户主去世，家庭成员随子女生活', exitReason: 'DECEASED' });
    const exited = await enrolmentWhen(enrolmentId, (e) => e.state === 'monitored' && e.monitoringEndsOn);
    expect(exited).toMatchObject({ status: 'EXITED', exitReason: 'DECEASED', paymentsEndOn: null });
  });

  it('replays the recorded enrolment histories with the current workflow code', async () => {
    expect(histories.all.length).toBe(2);
    expect(await replayFailures(await workflowBundle(), histories.all)).toEqual([]);
  });
});
