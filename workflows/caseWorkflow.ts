import { condition, patched, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { CASE_KIND, type CaseAction, type CaseContext, type CaseState } from '../domain/caseMachine';
import type { Actor } from '../domain/vocabulary';
import { openTasksFor } from '../domain/caseTasks';
import { countyOf } from '../domain/regionCode';
import { clueSignal } from './clueMessages';
import { MachineRunner } from './machineRunner';
import {
  actionUpdate,
  itemResultSignal,
  recalculateDeadlineSignal,
  receiptUpdate,
  statusQuery,
  type CaseInput,
  type CaseStatus,
  type VerificationDeadline,
} from './messages';

const { planVerificationDeadline, recordCaseEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
// Receipt in one workflow task: the deadline (policy + calendar, activities/deadlines.ts) and the receipt's
// event (the same idempotent projection write) run as local activities inside the task that received the warning.
const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: { maximumInterval: '1 minute' } });

/**
 * One warning's closed loop (线上预警—线下核查—救助帮扶—结果反馈; SPEC §3, seeds 003,
 * 004). Reads like the policy: receive and push to the township, wait for the
 * on-site verification or its deadline (40 working days, seed 003) and escalate
 * when it passes, then follow the human steps until the case is closed.
 */
export async function caseWorkflow(input: CaseInput): Promise<CaseStatus> {
  let deadline: VerificationDeadline | undefined;
  let verificationOverdue = false;
  let recalculationBy: Actor | null = null;
  const system: Actor = { userId: 'system', regionCode: countyOf(input.townshipCode) };
  // One patch marker for what new runs do; runs recorded before it replay as they were. Since `planned-at-receipt`:
  // the receiver planned the deadline (input.deadline) and gave the search attributes with the start request;
  // since `receipt-in-one-task`: search attributes, and the receipt written in the task that received the warning.
  const plannedAtReceipt = patched('planned-at-receipt');
  const receiptInOneTask = plannedAtReceipt || patched('receipt-in-one-task');

  const status = (): CaseStatus => ({
    caseId: input.caseId,
    state: runner.state as CaseState,
    stateLabel: runner.stateLabel,
    allowedActions: runner.allowedActions,
    context: runner.snapshot.context as CaseContext,
    verification: { ...(deadline as VerificationDeadline), overdue: verificationOverdue },
  });
  const runner: MachineRunner<CaseStatus, CaseAction, { caseId: string; input: CaseInput }> = new MachineRunner(CASE_KIND, {
    status,
    regionCode: input.townshipCode,
    overdue: () => verificationOverdue && runner.state === 'verifying', // the escalated step is still open
    projection: {
      write: (record) => (receiptInOneTask && record.eventType === 'WARNING_RECEIVED' ? local.recordCaseEvent(record) : recordCaseEvent(record)),
      fields: { caseId: input.caseId, input },
      openTasks: () => {
        const current = status();
        return openTasksFor({
          state: current.state, context: current.context, townshipCode: input.townshipCode,
          verificationDueOn: current.verification.dueOn, verificationOverdue,
        });
      },
    },
    ...(receiptInOneTask ? { searchAttributes: plannedAtReceipt ? 'given-at-start' : true } : {}),
  });

  setHandler(statusQuery, status);
  setHandler(recalculateDeadlineSignal, (by) => {
    if (runner.state === 'verifying' && !verificationOverdue) recalculationBy = by;
  });
  // A subject started for one of the case's items (an application, an emergency) reports back: the item gets the result.
  setHandler(itemResultSignal, async (r) => {
    const event = {
      type: 'REPORT_RESULT', itemId: r.itemId, result: r.delivered ? 'DELIVERED' : 'NOT_ELIGIBLE', note: r.note,
      ...(r.amountFen !== undefined ? { amountFen: r.amountFen } : {}),
    };
    if (runner.snapshot.can(event)) await runner.record('REPORT_RESULT', system, r, event);
  });
  // A new clue about this person or household joins the case (once per clue), whatever its state.
  const clues = new Set<string>();
  setHandler(clueSignal, async (clue) => {
    await condition(() => runner.received);
    if (clues.has(clue.clueId) || runner.done) return;
    clues.add(clue.clueId);
    await runner.record('CLUE_ADDED', clue.actor, clue);
  });
  runner.handleReceipt(receiptUpdate);
  runner.handleActions(actionUpdate);

  if (plannedAtReceipt && input.deadline) deadline = input.deadline;
  else {
    const planReceiptDeadline = receiptInOneTask || patched('receipt-in-one-round') ? local.planVerificationDeadline : planVerificationDeadline;
    deadline = await planReceiptDeadline({ townshipCode: input.townshipCode, receivedOn: input.receivedOn });
  }
  await runner.record('WARNING_RECEIVED', input.actor, { source: input.source, hardshipType: input.hardshipType }, { type: 'PUSH' });
  runner.received = true;

  // Wait for the on-site verification or its deadline. A deadline counted on a
  // provisional calendar is recalculated when the official notice is loaded.
  const isVerified = () => runner.state !== 'verifying';
  while (!isVerified()) {
    const remainingMs = deadline.overdueAtMs - Date.now();
    const settled = remainingMs > 0 && (await condition(() => isVerified() || recalculationBy !== null, remainingMs));
    if (settled && recalculationBy && !isVerified()) {
      const by: Actor = recalculationBy;
      recalculationBy = null;
      const previousDueOn = deadline.dueOn;
      deadline = await planVerificationDeadline({ townshipCode: input.townshipCode, receivedOn: input.receivedOn });
      await runner.record('VERIFICATION_DEADLINE_RECALCULATED', by, { previousDueOn, dueOn: deadline.dueOn, provisional: deadline.provisional });
    } else if (!settled) {
      verificationOverdue = true;
      await runner.record('VERIFICATION_OVERDUE', system, { dueOn: deadline.dueOn, escalatedTo: system.regionCode });
      break;
    }
  }

  await runner.finished();
  return status();
}
