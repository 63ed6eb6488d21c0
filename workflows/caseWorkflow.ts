import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import type { Activities } from '../activities';
import {
  CASE_ACTIONS,
  CASE_STATE_LABELS,
  allowedActions,
  caseMachine,
  stateOf,
  type CaseAction,
  type CaseEvent,
} from '../domain/caseMachine';
import type { Actor } from '../domain/caseSchemas';
import { countyOf, openTasksFor } from '../domain/caseTasks';
import {
  ILLEGAL_ACTION,
  actionUpdate,
  recalculateDeadlineSignal,
  receiptUpdate,
  statusQuery,
  type CaseInput,
  type CaseStatus,
  type IllegalActionDetails,
  type VerificationDeadline,
} from './messages';

const { planVerificationDeadline, recordCaseEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

/**
 * One warning's closed loop (线上预警—线下核查—救助帮扶—结果反馈; SPEC §3, seeds 003,
 * 004). Reads like the policy: receive and push to the township, wait for the
 * on-site verification or its deadline (40 working days, seed 003) and escalate
 * when it passes, then follow the human steps until the case is closed.
 */
export async function caseWorkflow(input: CaseInput): Promise<CaseStatus> {
  let snapshot = initialTransition(caseMachine)[0];
  let deadline: VerificationDeadline | undefined;
  let verificationOverdue = false;
  let received = false;
  let recalculationBy: Actor | null = null;
  let seq = 0;
  // Projections are written strictly in event order, whatever updates interleave.
  let projected: Promise<void> = Promise.resolve();

  const status = (): CaseStatus => {
    const state = stateOf(snapshot);
    return {
      caseId: input.caseId,
      state,
      stateLabel: CASE_STATE_LABELS[state],
      allowedActions: allowedActions(snapshot),
      context: snapshot.context,
      verification: { ...(deadline as VerificationDeadline), overdue: verificationOverdue },
    };
  };

  const record = (eventType: string, actor: Actor, payload: unknown, event?: CaseEvent): Promise<void> => {
    const fromState = stateOf(snapshot);
    if (event) snapshot = transition(caseMachine, snapshot, event)[0];
    seq += 1;
    const current = status();
    const entry = {
      caseId: input.caseId,
      seq,
      eventType,
      actor,
      payload,
      occurredAtMs: Date.now(),
      fromState,
      status: current,
      input,
      openTasks: openTasksFor({
        state: current.state,
        context: current.context,
        townshipCode: input.townshipCode,
        verificationDueOn: current.verification.dueOn,
        verificationOverdue,
      }),
    };
    projected = projected.then(() => recordCaseEvent(entry));
    return projected;
  };

  const illegal = (action: CaseAction, why: string): ApplicationFailure => {
    const details: IllegalActionDetails = { action, state: stateOf(snapshot), allowedActions: status().allowedActions };
    return ApplicationFailure.create({ type: ILLEGAL_ACTION, message: why, details: [details], nonRetryable: true });
  };

  setHandler(statusQuery, status);
  setHandler(recalculateDeadlineSignal, (by) => {
    if (stateOf(snapshot) === 'verifying' && !verificationOverdue) recalculationBy = by;
  });
  setHandler(receiptUpdate, async () => {
    await condition(() => received);
    await projected;
    return status();
  });
  for (const [action, eventType] of Object.entries(CASE_ACTIONS) as [CaseAction, CaseEvent['type']][]) {
    const toEvent = (request: { input: unknown }) => ({ ...(request.input as object), type: eventType }) as CaseEvent;
    const check = (request: { input: unknown }) => {
      if (!received) throw illegal(action, 'the warning is still being received');
      if (!snapshot.can(toEvent(request))) {
        throw illegal(action, `${action} is not allowed while the case is ${stateOf(snapshot)}`);
      }
    };
    setHandler(
      actionUpdate(action),
      async (request) => {
        check(request); // again: another update may have moved the case since validation
        await record(eventType, request.actor, request.input, toEvent(request));
        return status();
      },
      { validator: check },
    );
  }

  deadline = await planVerificationDeadline({ townshipCode: input.townshipCode, receivedOn: input.receivedOn });
  await record('WARNING_RECEIVED', input.actor, { source: input.source, hardshipType: input.hardshipType }, { type: 'PUSH' });
  received = true;

  // Wait for the on-site verification or its deadline. A deadline counted on a
  // provisional calendar is recalculated when the official notice is loaded.
  const isVerified = () => stateOf(snapshot) !== 'verifying';
  const system: Actor = { userId: 'system', regionCode: countyOf(input.townshipCode) };
  while (!isVerified()) {
    const remainingMs = deadline.overdueAtMs - Date.now();
    const settled = remainingMs > 0 && (await condition(() => isVerified() || recalculationBy !== null, remainingMs));
    if (settled && recalculationBy && !isVerified()) {
      const by: Actor = recalculationBy;
      recalculationBy = null;
      const previousDueOn = deadline.dueOn;
      deadline = await planVerificationDeadline({ townshipCode: input.townshipCode, receivedOn: input.receivedOn });
      await record('VERIFICATION_DEADLINE_RECALCULATED', by, { previousDueOn, dueOn: deadline.dueOn, provisional: deadline.provisional });
    } else if (!settled) {
      verificationOverdue = true;
      await record('VERIFICATION_OVERDUE', system, { dueOn: deadline.dueOn, escalatedTo: system.regionCode });
      break;
    }
  }

  await condition(() => snapshot.status === 'done');
  await condition(allHandlersFinished);
  await projected;
  return status();
}
