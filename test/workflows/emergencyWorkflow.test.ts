import { WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { shanghaiDateOf } from '../../domain/calendarDate';
import type { EmergencyAction } from '../../domain/emergencyMachine';
import { addWorkingDays } from '../../domain/workingDays';
import { createEmergencyActivities } from '../../activities/emergency';
import { loadCalendar } from '../../db/calendar';
import { emergencyWorkflow } from '../../workflows';
import {
  emergencyActionUpdate,
  emergencyReceiptUpdate,
  emergencyStatusQuery,
  type EmergencyInput,
  type EmergencyStatus,
} from '../../workflows/emergencyMessages';
import { AIDLOOP_OVERDUE } from '../../workflows/searchAttributes';
import { RecordedHistories, replayFailures } from '../support/histories';
import { eventually } from '../support/eventually';
import { useWorkflowHarness } from '../support/workflowHarness';

const TOWNSHIP = '430681104'; // 白水镇, demo county 汨罗市
const COUNTY = '430681';
const clerk = { userId: 'clerk-zhou', regionCode: TOWNSHIP };
const supervisor = { userId: 'sup-he', regionCode: COUNTY };
const LIMIT = 100_000; // seed 004: 1000 yuan, the demo national fallback

const wf = useWorkflowHarness('emergency-wf');
const histories = new RecordedHistories();

/** A person of their own for each test: the split rule adds up first aid per person. */
async function newPerson(): Promise<string> {
  const personRef = `p-${randomUUID()}`;
  await wf.db.query(
    `INSERT INTO persons (person_ref, id_number, id_number_masked, birth_date, sex) VALUES ($1, $2, '4306**********0000', '1971-05-02', 'F')`,
    [personRef, `T${randomUUID()}`],
  );
  return personRef;
}

async function emergencyInput(personRef: string, amountRequestedFen: number): Promise<EmergencyInput> {
  return {
    emergencyId: `emergency-${randomUUID().replaceAll('-', '')}`,
    reportId: `BS-${randomUUID()}`,
    personRef,
    idNumberMasked: '4306**********0000',
    townshipCode: TOWNSHIP,
    kind: 'ILLNESS_OR_INJURY',
    amountRequestedFen,
    occurredOn: shanghaiDateOf(await wf.env.currentTimeMs()),
    description: '突发重病，生活暂时陷入困境',
    actor: clerk,
  };
}

const start = (input: EmergencyInput): Promise<WorkflowHandle<typeof emergencyWorkflow>> =>
  wf.env.client.workflow.start(emergencyWorkflow, { workflowId: input.emergencyId, taskQueue: wf.taskQueue, args: [input] });

async function report(personRef: string, amountRequestedFen: number) {
  const handle = await start(await emergencyInput(personRef, amountRequestedFen));
  return { handle, received: await handle.executeUpdate(emergencyReceiptUpdate) };
}

const act = (handle: WorkflowHandle, action: EmergencyAction, input: object, actor = clerk): Promise<EmergencyStatus> =>
  handle.executeUpdate(emergencyActionUpdate(action), { args: [{ actor, input }] });

const document = (handle: WorkflowHandle) => act(handle, 'document', { circumstances: '突发重病住院，已先行救助，补充说明情况' });

async function payments(emergencyId: string) {
  return wf.db.query<{ amount_fen: number; basis: string; paid_by: string }>(
    `SELECT amount_fen, basis, paid_by FROM emergency_payments WHERE emergency_id = $1`, [emergencyId],
  );
}

async function openTasks(emergencyId: string) {
  return wf.db.query<{ kind: string; region_code: string; due_on: string | null }>(
    `SELECT kind, region_code, due_on FROM tasks WHERE subject_type = 'EMERGENCY' AND subject_id = $1 AND status = 'OPEN' ORDER BY task_id`,
    [emergencyId],
  );
}

async function eventTypes(emergencyId: string): Promise<string[]> {
  const rows = await wf.db.query<{ event_type: string }>(`SELECT event_type FROM subject_events WHERE subject_type = 'EMERGENCY' AND subject_id = $1 ORDER BY seq`, [emergencyId]);
  return rows.map((r) => r.event_type);
}

describe('emergency workflow (time skipping)', () => {
  it('pays first aid at once and exactly once, however the payment is retried or the emergency started again; documenting closes it', async () => {
    await wf.withWorker(async () => {
      const person = await newPerson();
      const input = await emergencyInput(person, 80_000);
      const handle = await start(input);
      const received = await handle.executeUpdate(emergencyReceiptUpdate);
      expect(received).toMatchObject({
        state: 'documenting',
        allowedActions: ['document'],
        context: { assessment: { route: 'FIRST_AID', reason: 'WITHIN_LIMIT', limitFen: LIMIT }, payment: { amountFen: 80_000, basis: 'FIRST_AID' } },
      });
      // Due 5 working days after the emergency (demo default), on the official calendar.
      const expected = addWorkingDays(await loadCalendar(wf.db), input.occurredOn, 5);
      expect(received.documentation).toMatchObject({ workingDays: 5, dueOn: expected.dueOn, reminded: false, overdue: false });
      expect(await payments(input.emergencyId)).toEqual([{ amount_fen: 80_000, basis: 'FIRST_AID', paid_by: 'clerk-zhou' }]);

      // The payment activity again (as a Temporal retry would run it): the recorded payment, not a second one.
      const again = await createEmergencyActivities({ db: wf.db }).recordEmergencyPayment({
        emergencyId: input.emergencyId, personRef: person, amountFen: 90_000, basis: 'FIRST_AID',
        paidAtMs: Date.now(), paidBy: clerk, splitGuard: null,
      });
      expect(again).toMatchObject({ outcome: 'PAID', payment: { amountFen: 80_000, basis: 'FIRST_AID' } });
      // The same emergency started again is refused: one emergency, one workflow.
      await expect(start(input)).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      expect(await payments(input.emergencyId)).toHaveLength(1);

      expect(await openTasks(input.emergencyId)).toEqual([{ kind: 'FIRST_AID_DOCUMENTATION', region_code: TOWNSHIP, due_on: expected.dueOn }]);
      const closed = await document(handle);
      expect(closed).toMatchObject({ state: 'closed', context: { documentation: { by: clerk } } });
      expect((await handle.result()).state).toBe('closed');
      expect(await openTasks(input.emergencyId)).toEqual([]);
      expect(await eventTypes(input.emergencyId)).toEqual(['EMERGENCY_REPORTED', 'PAID', 'DOCUMENT']);
      expect(await payments(input.emergencyId)).toHaveLength(1);
      await histories.add('emergency-first-aid-documented', handle);
    });
  });

  it('reminds the township the working day before documentation is due, and escalates to the county when it is late', async () => {
    await wf.withWorker(async () => {
      const { handle, received } = await report(await newPerson(), 50_000);
      const doc = received.documentation!;
      const calendar = await loadCalendar(wf.db);
      const occurredOn = shanghaiDateOf(await wf.env.currentTimeMs());
      expect(doc.remindOn).toBe(addWorkingDays(calendar, occurredOn, 4).dueOn);

      await wf.env.sleep(doc.remindAtMs - (await wf.env.currentTimeMs()) + 3_600_000);
      expect((await handle.query(emergencyStatusQuery)).documentation).toMatchObject({ reminded: true, overdue: false });
      expect(await eventually(() => eventTypes(handle.workflowId), (e) => e.length === 3)).toEqual(['EMERGENCY_REPORTED', 'PAID', 'DOCUMENTATION_REMINDER']);
      expect(await wf.db.query(`SELECT documentation_remind_on, documentation_reminded FROM emergencies WHERE emergency_id = $1`, [handle.workflowId]))
        .toEqual([{ documentation_remind_on: doc.remindOn, documentation_reminded: true }]);

      await wf.env.sleep(doc.overdueAtMs - (await wf.env.currentTimeMs()) - 3_600_000); // an hour before the due date ends
      expect((await handle.query(emergencyStatusQuery)).documentation?.overdue).toBe(false);
      await wf.env.sleep('2 hours');
      const late = await handle.query(emergencyStatusQuery);
      expect(late).toMatchObject({ state: 'documenting', documentation: { overdue: true } });
      const overdueAttribute = async () => (await handle.describe()).typedSearchAttributes.get(AIDLOOP_OVERDUE);
      expect(await overdueAttribute()).toBe(true);
      expect(await eventually(() => openTasks(handle.workflowId), (t) => t.length === 2)).toEqual([
        { kind: 'FIRST_AID_DOCUMENTATION', region_code: TOWNSHIP, due_on: doc.dueOn },
        { kind: 'FIRST_AID_DOCUMENTATION_ESCALATION', region_code: COUNTY, due_on: null },
      ]);
      const [row] = await wf.db.query<{ documentation_overdue: boolean }>(`SELECT documentation_overdue FROM emergencies WHERE emergency_id = $1`, [handle.workflowId]);
      expect(row?.documentation_overdue).toBe(true);

      expect((await document(handle)).state).toBe('closed'); // late documentation still closes it
      expect((await handle.result()).documentation?.overdue).toBe(true); // it was late,
      expect(await overdueAttribute()).toBe(false); // but nothing of it is overdue any more
      expect(await openTasks(handle.workflowId)).toEqual([]);
      await histories.add('emergency-documentation-escalated', handle);
    });
  });

  it('pays first exactly at the limit ("以下" includes it), and sends one fen more to review and approval', async () => {
    await wf.withWorker(async () => {
      const atLimit = await report(await newPerson(), LIMIT);
      expect(atLimit.received).toMatchObject({ state: 'documenting', context: { payment: { amountFen: LIMIT, basis: 'FIRST_AID' } } });
      expect(await payments(atLimit.handle.workflowId)).toHaveLength(1);

      const over = await report(await newPerson(), LIMIT + 1);
      expect(over.received).toMatchObject({
        state: 'reviewing', allowedActions: ['review'], documentation: null,
        context: { payment: null, assessment: { route: 'APPROVAL', reason: 'ABOVE_LIMIT', amountRequestedFen: LIMIT + 1 } },
      });
      expect(await payments(over.handle.workflowId)).toEqual([]);
      expect(await openTasks(over.handle.workflowId)).toEqual([{ kind: 'EMERGENCY_REVIEW', region_code: TOWNSHIP, due_on: null }]);

      await document(atLimit.handle);
      await act(over.handle, 'review', { findings: '核实属实', recommendedAmountFen: LIMIT + 1 });
      await act(over.handle, 'reject', { reason: '已获其他救助' }, supervisor);
      // One result() at a time: each unlocks and relocks time skipping, and concurrent calls leave it locked.
      expect((await atLimit.handle.result()).state).toBe('closed');
      expect((await over.handle.result()).state).toBe('rejected');
    });
  });

  it('pays above the limit only after the county approves, and never after a rejection', async () => {
    await wf.withWorker(async () => {
      const { handle } = await report(await newPerson(), 300_000);
      await expect(act(handle, 'approve', { approvedAmountFen: 300_000, opinion: '同意' }, supervisor)).rejects.toMatchObject({
        cause: { type: 'IllegalAction', details: [{ action: 'approve', state: 'reviewing', allowedActions: ['review'] }] },
      });
      const reviewed = await act(handle, 'review', { findings: '火灾致房屋损毁，生活用品全部烧毁', recommendedAmountFen: 250_000 });
      expect(reviewed).toMatchObject({ state: 'approving', allowedActions: ['approve', 'reject'], context: { payment: null } });
      expect(await openTasks(handle.workflowId)).toEqual([{ kind: 'EMERGENCY_APPROVAL', region_code: COUNTY, due_on: null }]);
      expect(await payments(handle.workflowId)).toEqual([]);

      // The approval is answered once its payment is on record.
      const approved = await act(handle, 'approve', { approvedAmountFen: 200_000, opinion: '同意救助2000元' }, supervisor);
      expect(approved).toMatchObject({
        state: 'closed',
        context: { payment: { amountFen: 200_000, basis: 'APPROVED', paidBy: supervisor }, decision: { outcome: 'APPROVED', by: supervisor } },
      });
      expect(await payments(handle.workflowId)).toEqual([{ amount_fen: 200_000, basis: 'APPROVED', paid_by: 'sup-he' }]);
      await handle.result();
      expect(await eventTypes(handle.workflowId)).toEqual(['EMERGENCY_REPORTED', 'REVIEW', 'APPROVE', 'PAID']);
      await histories.add('emergency-approved', handle);

      const refused = await report(await newPerson(), 150_000);
      await act(refused.handle, 'review', { findings: '核实：已由保险理赔', recommendedAmountFen: 0 });
      const rejected = await act(refused.handle, 'reject', { reason: '已由商业保险足额理赔' }, supervisor);
      expect(rejected).toMatchObject({ state: 'rejected', allowedActions: [], context: { payment: null, decision: { outcome: 'REJECTED' } } });
      expect((await refused.handle.result()).state).toBe('rejected');
      expect(await payments(refused.handle.workflowId)).toEqual([]);
      expect(await openTasks(refused.handle.workflowId)).toEqual([]);
      await histories.add('emergency-rejected', refused.handle);
    });
  });

  it('catches a split: a second request of the same person within the window that passes the limit goes to approval', async () => {
    await wf.withWorker(async () => {
      const person = await newPerson();
      const first = await report(person, 60_000);
      expect(first.received.state).toBe('documenting');

      const second = await report(person, 50_000); // within the limit alone; 1100 yuan with the first
      expect(second.received).toMatchObject({
        state: 'reviewing',
        context: {
          payment: null,
          assessment: {
            route: 'APPROVAL', reason: 'SPLIT', limitFen: LIMIT, amountRequestedFen: 50_000,
            priorFirstAidFen: 60_000, priorFirstAidEmergencyIds: [first.handle.workflowId], windowDays: 30,
          },
        },
      });
      expect(await payments(second.handle.workflowId)).toEqual([]);

      // Checked again under the person's lock right before paying: a first-aid payment made meanwhile holds this one.
      const held = await createEmergencyActivities({ db: wf.db }).recordEmergencyPayment({
        emergencyId: second.handle.workflowId, personRef: person, amountFen: 50_000, basis: 'FIRST_AID',
        paidAtMs: await wf.env.currentTimeMs(), paidBy: clerk, splitGuard: { limitFen: LIMIT, windowDays: 30, windowStartOn: second.received.context.assessment!.windowStartOn },
      });
      expect(held).toMatchObject({ outcome: 'HELD_AS_SPLIT', check: { priorFirstAidFen: 60_000 } });
      expect(await payments(second.handle.workflowId)).toEqual([]);

      await document(first.handle);
      await act(second.handle, 'review', { findings: '同一急难事项拆分申请，按程序审批', recommendedAmountFen: 50_000 });
      await act(second.handle, 'approve', { approvedAmountFen: 50_000, opinion: '同意' }, supervisor);
      expect(await payments(second.handle.workflowId)).toEqual([{ amount_fen: 50_000, basis: 'APPROVED', paid_by: 'sup-he' }]);
      await histories.add('emergency-split-caught', second.handle);

      // 30 days later the first payment has left the window: first aid again.
      await wf.env.sleep('30 days');
      const later = await report(person, 50_000);
      expect(later.received).toMatchObject({ state: 'documenting', context: { assessment: { reason: 'WITHIN_LIMIT', priorFirstAidFen: 0 } } });
      await document(later.handle);
      await later.handle.result();
    });
  });

  it('replays every history recorded above with the current workflow code', async () => {
    expect(histories.all.length).toBeGreaterThanOrEqual(5);
    expect(await replayFailures(wf.bundle, histories.all)).toEqual([]);
  });
});
