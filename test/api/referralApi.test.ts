import { addDays, shanghaiDateOf, startOfShanghaiDay } from '../../domain/calendarDate';
import { referralStartsWorkflow } from '../../workflows';
import { actionUpdate } from '../../workflows/messages';
import { AIDLOOP_OVERDUE } from '../../workflows/searchAttributes';
import { eventually, useApiHarness } from '../support/apiHarness';
import { RecordedHistories } from '../support/histories';
import { idNumber, uniqueSourceId } from '../support/ids';

const TOWNSHIP = '430681103'; // 古培镇
const histories = new RecordedHistories();

const api = useApiHarness('time-skipping', {
  clerk: { userId: 'clerk-referral', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  housing: { userId: 'officer-housing', role: 'DEPARTMENT_OFFICER', regionCode: '430681', department: 'HOUSING' },
  health: { userId: 'officer-health', role: 'DEPARTMENT_OFFICER', regionCode: '430681', department: 'HEALTH' },
});

async function ok(path: string, body: object, headers = api.as.clerk) {
  const res = await api.post(path, body, headers);
  expect([res.status, res.body.code]).toEqual([200, undefined]);
  return res.body;
}

/** A verified case whose township referred one item to housing (危房改造); its referral. */
async function referToHousing(person: string) {
  const today = shanghaiDateOf(Date.now()); // the API refuses a receivedOn after the real today
  const created = await api.post('/warnings', {
    source: 'FIELD_VISIT', sourceId: uniqueSourceId(), idNumber: person, townshipCode: TOWNSHIP,
    hardshipType: 'HOUSING', receivedOn: today, detail: '房屋漏雨',
  });
  const caseId: string = created.body.caseId;
  await ok(`/cases/${caseId}/actions/verify`, { visitedOn: today, findings: '房屋属C级危房' });
  await ok(`/cases/${caseId}/actions/dispose`, { outcome: 'MAY_QUALIFY', reason: '符合危房改造条件', referTo: 'HOUSING', need: '危房改造' });
  const referralId = `referral-${caseId.slice('case-'.length)}-item-1`;
  const referral = await eventually(async () => (await api.get(`/api/v1/referrals/${referralId}`)).body, (b) => b.state === 'referred');
  return { caseId, referralId, referral, today };
}

const caseItem = (caseId: string) =>
  eventually(async () => (await api.get(`/api/v1/cases/${caseId}`)).body, (c) => c.items?.[0]?.result)
    .then((c) => ({ state: c.state, result: c.items[0].result }));

describe('department referrals (转介) as their own subject', () => {
  it('is due by local policy, escalates to the county when late, and gives the case its result', async () => {
    const person = idNumber('19580312', 451);
    const { caseId, referralId, referral, today } = await referToHousing(person);
    expect(referral).toMatchObject({
      stateLabel: '已转介待部门受理', department: 'HOUSING', need: '危房改造', fromCase: { caseId, itemId: 'item-1' },
      allowedActions: ['accept', 'decline', 'report-result'], due: { workingDays: 20 },
    });
    expect(referral.due.dueOn > addDays(today, 20)).toBe(true); // 20 working days are more than 20 calendar days
    expect(referral.openTasks).toEqual([expect.objectContaining({ kind: 'REFERRAL_ACCEPT', regionCode: '430681', department: 'HOUSING', dueOn: referral.due.dueOn })]);

    // The housing officer sees it, and may see whom it helps (logged); another department does not see it at all.
    expect((await api.get(`/api/v1/referrals/${referralId}`).set(api.as.housing)).status).toBe(200);
    expect((await api.get(`/api/v1/referrals/${referralId}`).set(api.as.health)).status).toBe(404);
    const revealed = await api.get(`/api/v1/referrals/${referralId}?reveal=idNumber`).set(api.as.housing);
    expect([revealed.status, revealed.body.person.idNumber]).toEqual([200, person]);
    expect((await api.get(`/api/v1/referrals/${referralId}?reveal=idNumber`).set(api.as.health)).status).toBe(404);
    expect((await api.get(`/api/v1/referrals/${referralId}`)).body.person.idNumber).not.toBe(person);

    // Past the due date the county gets an escalation task (the department's step stays, due when it was).
    await api.env.sleep(startOfShanghaiDay(addDays(referral.due.dueOn, 1)) + 3_600_000 - (await api.env.currentTimeMs()));
    const late = await eventually(async () => (await api.get(`/api/v1/referrals/${referralId}`)).body, (b) => b.openTasks.length === 2);
    expect(late.due.escalated).toBe(true);
    const overdueAttribute = async () => (await api.env.client.workflow.getHandle(referralId).describe()).typedSearchAttributes.get(AIDLOOP_OVERDUE);
    expect(await overdueAttribute()).toBe(true);
    expect(late.openTasks.map((t: { kind: string; regionCode: string; department: string | null; dueOn: string | null }) => [t.kind, t.regionCode, t.department, t.dueOn])).toEqual([
      ['REFERRAL_ACCEPT', '430681', 'HOUSING', referral.due.dueOn], ['REFERRAL_ESCALATION', '430681', null, null],
    ]);

    const accepted = await ok(`/referrals/${referralId}/actions/accept`, { note: '已安排危改' }, api.as.housing);
    expect(accepted).toMatchObject({ state: 'accepted', allowedActions: ['report-result'], accepted: { note: '已安排危改', by: { userId: 'officer-housing' } } });
    const reported = await ok(`/referrals/${referralId}/actions/report-result`, { result: 'DELIVERED', note: '危房改造补助已拨付', amountFen: 2_000_000 }, api.as.housing);
    expect(reported).toMatchObject({ state: 'reported', stateLabel: '部门已反馈结果', allowedActions: [], openTasks: [] });
    expect(await caseItem(caseId)).toEqual({ state: 'feedback', result: { result: 'DELIVERED', note: '危房改造补助已拨付', amountFen: 2_000_000 } });
    expect(await overdueAttribute()).toBe(false); // reported late: nothing of it is overdue any more

    const history = await api.get(`/api/v1/referrals/${referralId}/history`);
    expect(history.body.events.map((e: { what: string }) => e.what)).toEqual(expect.arrayContaining([
      'referred to the department', 'referral due date passed', 'accept requested', 'report-result done', 'referral closed',
    ]));
    await histories.add('referral-escalated-then-reported', api.env.client.workflow.getHandle(referralId));
  });

  it('may be declined with a reason; the case item then is not delivered', async () => {
    const { caseId, referralId } = await referToHousing(idNumber('19610405', 452));
    const noReason = await api.post(`/referrals/${referralId}/actions/decline`, {}, api.as.housing);
    expect([noReason.status, noReason.body.issues[0].path]).toEqual([400, 'body.reason']);
    const notTheirs = await api.post(`/referrals/${referralId}/actions/decline`, { reason: '不属本部门' }, api.as.health);
    expect(notTheirs.status).toBe(404);
    await ok(`/referrals/${referralId}/actions/decline`, { reason: '房屋已纳入整村搬迁，不属危改范围' }, api.as.housing);
    const again = await api.post(`/referrals/${referralId}/actions/accept`, {}, api.as.housing);
    expect(again.body).toMatchObject({ code: 'ILLEGAL_ACTION', state: 'declined', allowedActions: [] });
    expect(await caseItem(caseId)).toEqual({ state: 'feedback', result: { result: 'NOT_ELIGIBLE', note: '部门退回：房屋已纳入整村搬迁，不属危改范围' } });
  });

  it('is the only open step for its item: the case has no task of its own for it and refuses its result, naming the referral', async () => {
    const { caseId, referralId } = await referToHousing(idNumber('19630708', 453));
    const c = (await api.get(`/api/v1/cases/${caseId}`)).body;
    expect(c).toMatchObject({ state: 'assisting', openTasks: [] });
    const onCase = await api.post(`/cases/${caseId}/actions/report-result`, { itemId: 'item-1', result: 'DELIVERED', note: '已改造' }, api.as.housing);
    expect([onCase.status, onCase.body.code, onCase.body.referralId, onCase.body.department]).toEqual([409, 'REFERRED_TO_DEPARTMENT', referralId, 'HOUSING']);
    expect(onCase.body.detail).toContain(`/referrals/${referralId}/actions/report-result`);
    expect((await api.get(`/api/v1/referrals/${referralId}`)).body.state).toBe('referred');
  });

  it('is started by the hourly reconciliation when the API stopped before starting it', async () => {
    const today = shanghaiDateOf(Date.now());
    const created = await api.post('/warnings', {
      source: 'FIELD_VISIT', sourceId: uniqueSourceId(), idNumber: idNumber('19660910', 454), townshipCode: TOWNSHIP,
      hardshipType: 'HOUSING', receivedOn: today, detail: '房屋开裂',
    });
    const caseId: string = created.body.caseId;
    await ok(`/cases/${caseId}/actions/verify`, { visitedOn: today, findings: '房屋开裂' });
    // The step reaches the case workflow, but nothing starts the referral (as if the API stopped right after it).
    await api.env.client.workflow.getHandle(caseId).executeUpdate(actionUpdate('dispose'), {
      args: [{ actor: { userId: 'clerk-referral', regionCode: TOWNSHIP }, input: { outcome: 'MAY_QUALIFY', reason: '符合危房改造条件', referTo: 'HOUSING', need: '危房改造' } }],
    });
    const referralId = `referral-${caseId.slice('case-'.length)}-item-1`;
    expect((await api.get(`/api/v1/referrals/${referralId}`)).status).toBe(404);

    const pass = await api.env.client.workflow.execute(referralStartsWorkflow, { workflowId: `referral-starts-${caseId}`, taskQueue: api.harness.taskQueue, args: [{ region: TOWNSHIP }] });
    expect(pass.started).toBeGreaterThanOrEqual(1);
    const referral = await eventually(async () => (await api.get(`/api/v1/referrals/${referralId}`)).body, (b) => b.state === 'referred');
    expect(referral).toMatchObject({ fromCase: { caseId, itemId: 'item-1' }, department: 'HOUSING', referredOn: today });
    // (Awaiting the pass lets the time-skipping server run ahead, so the county's escalation may be open too.)
    expect(referral.openTasks).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'REFERRAL_ACCEPT', department: 'HOUSING' })]));
    // Again: the same referral is not started twice.
    await api.env.client.workflow.execute(referralStartsWorkflow, { workflowId: `referral-starts-again-${caseId}`, taskQueue: api.harness.taskQueue, args: [{ region: TOWNSHIP }] });
    expect((await api.db.query('SELECT 1 FROM referrals WHERE case_id = $1', [caseId])).length).toBe(1);
  });
});
