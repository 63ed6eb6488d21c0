import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDateOf, yearOf } from '../../domain/calendarDate';
import { addWorkingDays, isWorkingDay } from '../../domain/workingDays';
import { loadCalendar } from '../../db/calendar';
import { caseWorkflow } from '../../workflows';
import { actionUpdate, recalculateDeadlineSignal, receiptUpdate, statusQuery, type CaseInput, type CaseStatus } from '../../workflows/messages';
import { RecordedHistories, replayFailures } from '../support/histories';
import { eventually } from '../support/eventually';
import { useWorkflowHarness } from '../support/workflowHarness';
import { AIDLOOP_OVERDUE, AIDLOOP_STATE, AIDLOOP_TOWNSHIP } from '../../workflows/searchAttributes';
import { receivedCaseSearchAttributes } from '../../workflows/caseStart';
import { verificationDeadline } from '../../activities/deadlines';

const TOWNSHIP = '430681102'; // 新市镇, demo county 汨罗市
const clerk = { userId: 'clerk-li', regionCode: TOWNSHIP };

const wf = useWorkflowHarness('case-wf');
const histories = new RecordedHistories();

/** A case as a receiver starts it; `planned`: as the API and feed batches do, with the deadline and search attributes planned at receipt. */
async function startCase({ planned = false } = {}): Promise<WorkflowHandle<typeof caseWorkflow>> {
  const caseId = `case-${randomUUID().replaceAll('-', '')}`;
  const personRef = `p-${randomUUID()}`;
  await wf.db.query(
    `INSERT INTO persons (person_ref, id_number, id_number_masked, birth_date, sex) VALUES ($1, $2, '4306**********0000', '1958-03-12', 'M')`,
    [personRef, `T${randomUUID()}`],
  );
  const input: CaseInput = {
    caseId,
    source: 'PROVINCIAL_CLUE',
    sourceId: `HN-${randomUUID()}`,
    personRef,
    idNumberMasked: '4306**********0000',
    townshipCode: TOWNSHIP,
    hardshipType: 'MEDICAL',
    receivedOn: shanghaiDateOf(await wf.env.currentTimeMs()),
    detail: '大额医疗费用预警',
    actor: clerk,
  };
  if (!planned) return wf.env.client.workflow.start(caseWorkflow, { workflowId: caseId, taskQueue: wf.taskQueue, args: [input] });
  return wf.env.client.workflow.start(caseWorkflow, {
    workflowId: caseId, taskQueue: wf.taskQueue, args: [{ ...input, deadline: await verificationDeadline(wf.db, input) }],
    typedSearchAttributes: receivedCaseSearchAttributes(TOWNSHIP),
  });
}

const act = (handle: WorkflowHandle, action: Parameters<typeof actionUpdate>[0], input: object): Promise<CaseStatus> =>
  handle.executeUpdate(actionUpdate(action), { args: [{ actor: clerk, input }] });

async function openTasks(caseId: string): Promise<{ kind: string; region_code: string; department: string | null }[]> {
  return wf.db.query(`SELECT kind, region_code, department FROM tasks WHERE case_id = $1 AND status = 'OPEN' ORDER BY task_id`, [caseId]);
}

describe('case workflow (time skipping)', () => {
  it('does not escalate when the township verifies within 40 working days', async () => {
    await wf.withWorker(async () => {
      const handle = await startCase();
      const received = await handle.executeUpdate(receiptUpdate);
      expect(received.state).toBe('verifying');
      expect(received.verification.workingDays).toBe(40);
      await wf.env.sleep('20 days');
      await act(handle, 'verify', { visitedOn: shanghaiDateOf(await wf.env.currentTimeMs()), findings: '已入户核实' });
      await wf.env.sleep('120 days'); // far past the due date
      const status = await handle.query(statusQuery);
      expect(status.verification.overdue).toBe(false);
      expect(await openTasks(handle.workflowId)).toEqual([{ kind: 'DISPOSE', region_code: TOWNSHIP, department: null }]);
      await act(handle, 'dispose', { outcome: 'NO_CHANGE', reason: '核实无变化' });
      expect((await handle.result()).state).toBe('closed');
      const escalations = await wf.db.query(`SELECT 1 FROM tasks WHERE case_id = $1 AND kind = 'VERIFICATION_ESCALATION'`, [handle.workflowId]);
      expect(escalations).toHaveLength(0);
      await histories.add('verified-in-time', handle);
    });
  });

  it('escalates to the county supervisor when verification is 40 working days late, and a late verification still completes the loop', async () => {
    await wf.withWorker(async () => {
      const handle = await startCase();
      const received = await handle.executeUpdate(receiptUpdate);
      const untilOverdue = received.verification.overdueAtMs - (await wf.env.currentTimeMs());
      await wf.env.sleep(untilOverdue - 3_600_000); // an hour before the due date ends
      expect((await handle.query(statusQuery)).verification.overdue).toBe(false);
      expect(await openTasks(handle.workflowId)).toEqual([{ kind: 'VERIFY', region_code: TOWNSHIP, department: null }]);
      const overdueAttribute = async () => (await handle.describe()).typedSearchAttributes.get(AIDLOOP_OVERDUE);
      expect(await overdueAttribute()).toBe(false);

      await wf.env.sleep('2 hours');
      const status = await handle.query(statusQuery);
      expect(status.verification.overdue).toBe(true);
      expect(status.state).toBe('verifying'); // overdue is a fact about the step, not a state
      expect(await overdueAttribute()).toBe(true); // the search attribute follows
      const tasks = await eventually(() => openTasks(handle.workflowId), (t) => t.length === 2);
      expect(tasks).toEqual([
        { kind: 'VERIFICATION_ESCALATION', region_code: '430681', department: null },
        { kind: 'VERIFY', region_code: TOWNSHIP, department: null },
      ]);
      const [row] = await wf.db.query<{ verification_overdue: boolean }>(`SELECT verification_overdue FROM cases WHERE case_id = $1`, [handle.workflowId]);
      expect(row?.verification_overdue).toBe(true);

      await act(handle, 'verify', { visitedOn: shanghaiDateOf(await wf.env.currentTimeMs()), findings: '逾期后入户核实' });
      expect(await openTasks(handle.workflowId)).toEqual([{ kind: 'DISPOSE', region_code: TOWNSHIP, department: null }]);
      expect(await overdueAttribute()).toBe(false); // nothing of the case is overdue any more
      expect((await handle.query(statusQuery)).verification.overdue).toBe(true); // while its status keeps that it was late
      await act(handle, 'dispose', { outcome: 'NO_LONGER_QUALIFIES', reason: '家庭收入已超标准', monitoringContinues: true });
      const closed = await act(handle, 'feedback', { summary: '已按程序终止，继续监测' });
      expect(closed.state).toBe('closed');
      expect((await handle.result()).verification.overdue).toBe(true);
      await histories.add('escalated-then-verified', handle);
    });
  });

  it('runs a full loop through deliberation, referral, assistance and feedback', async () => {
    await wf.withWorker(async () => {
      const handle = await startCase();
      await handle.executeUpdate(receiptUpdate);
      await act(handle, 'verify', { visitedOn: shanghaiDateOf(await wf.env.currentTimeMs()), findings: '因病致贫，住房破损' });
      expect((await act(handle, 'dispose', { outcome: 'COMPLEX', reason: '多重困难' })).state).toBe('deliberating');
      expect(await openTasks(handle.workflowId)).toEqual([{ kind: 'DELIBERATE', region_code: '430681', department: null }]);

      const assisting = await act(handle, 'deliberate', {
        outcome: 'MAY_QUALIFY', minutes: '一事一议：转住建危房改造', reason: '集体研究', referTo: 'HOUSING', need: '农村危房改造',
      });
      expect(assisting.state).toBe('assisting');
      await act(handle, 'record-assistance', { measure: 'TEMPORARY', description: '临时救助', amountFen: 80000 });
      // The housing item is its referral's task (started by the API), not the case's: only the township's own item is open here.
      expect(await openTasks(handle.workflowId)).toEqual([{ kind: 'FOLLOW_UP', region_code: TOWNSHIP, department: null }]);
      await act(handle, 'report-result', { itemId: 'item-2', result: 'DELIVERED', note: '已发放', amountFen: 80000 });
      const feedback = await act(handle, 'report-result', { itemId: 'item-1', result: 'DELIVERED', note: '已列入危房改造' });
      expect(feedback.state).toBe('feedback');
      expect(await openTasks(handle.workflowId)).toEqual([{ kind: 'FEEDBACK', region_code: TOWNSHIP, department: null }]);
      await act(handle, 'feedback', { summary: '已反馈市民政局' });
      expect((await handle.result()).state).toBe('closed');
      expect(await openTasks(handle.workflowId)).toEqual([]);
      const events = await wf.db.query<{ event_type: string }>(`SELECT event_type FROM subject_events WHERE subject_type = 'CASE' AND subject_id = $1 ORDER BY seq`, [handle.workflowId]);
      expect(events.map((e) => e.event_type)).toEqual([
        'WARNING_RECEIVED', 'VERIFY', 'DISPOSE', 'DELIBERATE', 'RECORD_ASSISTANCE', 'REPORT_RESULT', 'REPORT_RESULT', 'FEEDBACK',
      ]);
      await histories.add('full-loop', handle);
    });
  });

  it('rejects an illegal step with the legal ones listed, and changes nothing', async () => {
    await wf.withWorker(async () => {
      const handle = await startCase();
      await handle.executeUpdate(receiptUpdate);
      await expect(act(handle, 'feedback', { summary: 'too early' })).rejects.toMatchObject({
        cause: { type: 'IllegalAction', details: [{ action: 'feedback', state: 'verifying', allowedActions: ['verify'] }] },
      });
      expect((await handle.query(statusQuery)).state).toBe('verifying');
      await act(handle, 'verify', { visitedOn: shanghaiDateOf(await wf.env.currentTimeMs()), findings: '无变化' });
      await act(handle, 'dispose', { outcome: 'NO_CHANGE', reason: '核实无变化' });
      await handle.result();
      await histories.add('illegal-step-rejected', handle);
    });
  });

  it('counts a provisional deadline again when the year\'s official notice is loaded', async () => {
    await wf.withWorker(async () => {
      const handle = await startCase();
      const received = await handle.executeUpdate(receiptUpdate);
      // 40 working days from now reach a year whose notice is not published yet
      // (this holds whenever the suite runs, as the test server starts at real time).
      expect(received.verification.provisional).toBe(true);

      // A test notice for that year (and the next) that turns the counted working days of its first week into rest days.
      const year = yearOf(received.verification.dueOn);
      const calendar = await loadCalendar(wf.db);
      const restDays: string[] = [];
      for (let d = received.verification.dueOn; restDays.length < 5 && yearOf(d) === year && d > shanghaiDateOf(await wf.env.currentTimeMs()); d = addDays(d, -1)) {
        if (isWorkingDay(calendar, d)) restDays.push(d);
      }
      await wf.db.withTransaction(async (tx) => {
        for (const d of restDays) await tx.query(`INSERT INTO calendar_overrides (date, is_workday, name, loaded_by) VALUES ($1, false, 'test', 'test')`, [d]);
        await tx.query(`INSERT INTO calendar_official_years (year, source, loaded_by) VALUES ($1, 'test notice', 'test'), ($2, 'test notice', 'test')`, [year, year + 1]);
      });
      try {
        await handle.signal(recalculateDeadlineSignal, { userId: 'admin-chen', regionCode: '43' });
        const revised = await eventually(() => handle.query(statusQuery), (st) => !st.verification.provisional);
        const [row] = await wf.db.query<{ received_on: string }>(`SELECT received_on FROM cases WHERE case_id = $1`, [handle.workflowId]);
        const expected = addWorkingDays(await loadCalendar(wf.db), row?.received_on ?? '', 40);
        expect(revised.verification).toMatchObject({ provisional: false, dueOn: expected.dueOn });
        expect(revised.verification.dueOn > received.verification.dueOn).toBe(true);
        const [task] = await eventually(
          () => wf.db.query<{ due_on: string }>(`SELECT due_on FROM tasks WHERE case_id = $1 AND kind = 'VERIFY'`, [handle.workflowId]),
          (rows) => rows[0]?.due_on === revised.verification.dueOn,
        );
        expect(task?.due_on).toBe(revised.verification.dueOn);

        // Past the old deadline: not overdue; past the new one: escalated.
        await wf.env.sleep(received.verification.overdueAtMs - (await wf.env.currentTimeMs()) + 3_600_000);
        expect((await handle.query(statusQuery)).verification.overdue).toBe(false);
        await wf.env.sleep(revised.verification.overdueAtMs - (await wf.env.currentTimeMs()) + 3_600_000);
        expect((await handle.query(statusQuery)).verification.overdue).toBe(true);
      } finally {
        await wf.db.query(`DELETE FROM calendar_overrides WHERE date = ANY($1::date[])`, [restDays]);
        await wf.db.query(`DELETE FROM calendar_official_years WHERE year IN ($1, $2)`, [year, year + 1]);
      }
      await act(handle, 'verify', { visitedOn: shanghaiDateOf(await wf.env.currentTimeMs()), findings: '已核实' });
      await act(handle, 'dispose', { outcome: 'NO_CHANGE', reason: '无变化' });
      await handle.result();
      await histories.add('deadline-recalculated', handle);
    });
  });

  it('receives a warning in its first workflow task: one patch marker, deadline and receipt event by local activities, no activity task', async () => {
    await wf.withWorker(async () => {
      const handle = await startCase(); // a receiver that did not plan the deadline
      expect((await handle.executeUpdate(receiptUpdate)).state).toBe('verifying');
      const events = (await handle.fetchHistory()).events ?? [];
      const types = events.map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0]);
      const markers = events.flatMap((e) => (e.markerRecordedEventAttributes?.markerName ? [e.markerRecordedEventAttributes.markerName] : []));
      expect(markers).toEqual(['core_patch', 'core_local_activity', 'core_local_activity']);
      expect(types).not.toContain('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
      expect(types).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED');
      const patch = events.find((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')!;
      expect(Buffer.from(patch.markerRecordedEventAttributes!.details!['patch-data']!.payloads![0]!.data!).toString()).toContain('planned-at-receipt');
      // On record as before: the case row, its first audit entry and the township's task.
      const [row] = await wf.db.query(`SELECT state, version FROM cases WHERE case_id = $1`, [handle.workflowId]);
      const log = await wf.db.query(`SELECT seq, event_type FROM subject_events WHERE subject_type = 'CASE' AND subject_id = $1`, [handle.workflowId]);
      expect({ row, log, tasks: await openTasks(handle.workflowId) }).toEqual({
        row: { state: 'verifying', version: 1 }, log: [{ seq: 1, event_type: 'WARNING_RECEIVED' }],
        tasks: [{ kind: 'VERIFY', region_code: TOWNSHIP, department: null }],
      });
      await histories.add('case-receipt-in-one-task', handle);
    });
  });

  it('takes the deadline and search attributes planned at receipt: the receipt event is its only local activity, no attribute upserted but the patch', async () => {
    await wf.withWorker(async () => {
      const handle = await startCase({ planned: true });
      const received = await handle.executeUpdate(receiptUpdate);
      const planned = await verificationDeadline(wf.db, { townshipCode: TOWNSHIP, receivedOn: shanghaiDateOf(await wf.env.currentTimeMs()) });
      expect([received.state, received.verification]).toEqual(['verifying', { ...planned, overdue: false }]);
      const events = (await handle.fetchHistory()).events ?? [];
      const markers = events.flatMap((e) => (e.markerRecordedEventAttributes?.markerName ? [e.markerRecordedEventAttributes.markerName] : []));
      expect(markers).toEqual(['core_patch', 'core_local_activity']);
      const upserted = events.flatMap((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}));
      expect(upserted).toEqual(['TemporalChangeVersion']);
      const attributes = (await handle.describe()).typedSearchAttributes;
      expect([attributes.get(AIDLOOP_STATE), attributes.get(AIDLOOP_TOWNSHIP), attributes.get(AIDLOOP_OVERDUE)]).toEqual(['verifying', TOWNSHIP, false]);
      const [row] = await wf.db.query(`SELECT state, verification_due_on FROM cases WHERE case_id = $1`, [handle.workflowId]);
      expect({ row, tasks: await openTasks(handle.workflowId) }).toEqual({
        row: { state: 'verifying', verification_due_on: planned.dueOn }, tasks: [{ kind: 'VERIFY', region_code: TOWNSHIP, department: null }],
      });
      // The first step that changes the state is the attributes' first change.
      const verified = await act(handle, 'verify', { visitedOn: shanghaiDateOf(await wf.env.currentTimeMs()), findings: '已入户核实' });
      expect((await handle.describe()).typedSearchAttributes.get(AIDLOOP_STATE)).toBe(verified.state);
      expect(verified.state).not.toBe('verifying');
      await histories.add('case-planned-at-receipt', handle);
    });
  });

  it('replays every history recorded above with the current workflow code', async () => {
    expect(histories.all.length).toBeGreaterThanOrEqual(5);
    expect(await replayFailures(wf.bundle, histories.all)).toEqual([]);
  });
});
