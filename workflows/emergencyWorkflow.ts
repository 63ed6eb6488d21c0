import { condition, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Actor } from '../domain/vocabulary';
import { countyOf } from '../domain/regionCode';
import { EMERGENCY_KIND, type EmergencyAction, type EmergencyEvent, type EmergencySnapshot, type EmergencyState } from '../domain/emergencyMachine';
import type { PaymentBasis } from '../domain/emergencySchemas';
import { openEmergencyTasksFor } from '../domain/emergencyTasks';
import {
  emergencyActionUpdate,
  emergencyReceiptUpdate,
  emergencyStatusQuery,
  type EmergencyInput,
  type EmergencyPlan,
  type EmergencyStatus,
} from './emergencyMessages';
import { MachineRunner } from './machineRunner';
import { itemResultSignal } from './messages';

const { planEmergency, recordEmergencyPayment, recordEmergencyEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

/**
 * One emergency (急难社会救助; SPEC §4–§5, seed 004 七), at the township where it
 * happened, whatever the person's household registration. Reads like the
 * policy: assess the amount against the local first-aid limit and the person's
 * recent first aid; within it, pay at once (先行救助) and have the circumstances
 * documented afterwards (事后补充说明情况) by a local deadline, with a reminder
 * before it and escalation to the county after it; above it, the township
 * reviews, the county approves or rejects, and only an approval pays.
 */
export async function emergencyWorkflow(input: EmergencyInput): Promise<EmergencyStatus> {
  let plan: EmergencyPlan | undefined;
  let reminded = false;
  let documentationOverdue = false;
  /** A payment is being recorded and projected (the approval waits for it). */
  let paying = false;
  const township: Actor = { userId: 'system', regionCode: input.townshipCode };
  const county: Actor = { userId: 'system', regionCode: countyOf(input.townshipCode) };

  const snapshot = () => runner.snapshot as EmergencySnapshot;
  const state = () => runner.state as EmergencyState;
  const status = (): EmergencyStatus => ({
    emergencyId: input.emergencyId,
    state: state(),
    stateLabel: runner.stateLabel,
    allowedActions: runner.allowedActions,
    context: snapshot().context,
    documentation: snapshot().context.payment?.basis === 'FIRST_AID' && plan
      ? { ...plan.documentation, reminded, overdue: documentationOverdue }
      : null,
    policyVersions: plan?.policyVersions ?? [],
  });
  const runner: MachineRunner<EmergencyStatus, EmergencyAction, { emergencyId: string; input: EmergencyInput }> = new MachineRunner(EMERGENCY_KIND, {
    status,
    regionCode: input.townshipCode,
    overdue: () => documentationOverdue && state() === 'documenting', // the escalated step is still open
    projection: {
      write: recordEmergencyEvent,
      fields: { emergencyId: input.emergencyId, input },
      openTasks: () => openEmergencyTasksFor({
        state: state(),
        townshipCode: input.townshipCode,
        documentationDueOn: status().documentation?.dueOn ?? null,
        documentationOverdue,
      }),
    },
  });
  const record = (eventType: string, actor: Actor, payload: unknown, event?: EmergencyEvent) =>
    runner.record(eventType, actor, payload, event);

  /** The emergency's one payment; first aid is checked again for a split paid meanwhile. */
  const pay = async (basis: PaymentBasis, amountFen: number, paidBy: Actor): Promise<void> => {
    paying = true;
    const check = snapshot().context.assessment;
    const outcome = await recordEmergencyPayment({
      emergencyId: input.emergencyId,
      personRef: input.personRef,
      amountFen,
      basis,
      paidAtMs: Date.now(),
      paidBy,
      splitGuard: basis === 'FIRST_AID' && check
        ? { limitFen: check.limitFen, windowDays: check.windowDays, windowStartOn: check.windowStartOn }
        : null,
    });
    if (outcome.outcome === 'PAID') await record('PAID', paidBy, outcome.payment, { type: 'PAID', payment: outcome.payment });
    else await record('SPLIT_CAUGHT', county, outcome.check, { type: 'SPLIT_CAUGHT', ...outcome.check });
    paying = false;
  };

  setHandler(emergencyStatusQuery, status);
  runner.handleReceipt(emergencyReceiptUpdate);
  // Who reviewed, approved, documented goes into the machine event (SPEC §7; the
  // approver is the payer), and an approval is answered only once its payment is on record.
  runner.handleActions(emergencyActionUpdate, { withActor: true, settled: () => state() !== 'paying' && !paying });

  // 1. Assess: the local limit, and this person's first aid within the window (anti-splitting).
  plan = await planEmergency({
    emergencyId: input.emergencyId,
    personRef: input.personRef,
    townshipCode: input.townshipCode,
    occurredOn: input.occurredOn,
    asOfMs: Date.now(),
  });
  await record(
    'EMERGENCY_REPORTED',
    input.actor,
    { kind: input.kind, amountRequestedFen: input.amountRequestedFen, occurredOn: input.occurredOn, check: plan.check },
    { type: 'ASSESS', amountRequestedFen: input.amountRequestedFen, ...plan.check },
  );

  // 2. Within the limit: pay at once (先行救助), on the reporting clerk's authority.
  if (state() === 'paying') await pay('FIRST_AID', input.amountRequestedFen, input.actor);
  runner.received = true;

  // 3. Document afterwards (事后补充说明情况): a reminder before the due date, escalation to the county after it.
  if (state() === 'documenting') {
    const documented = () => state() !== 'documenting';
    const documentedBy = async (atMs: number) => {
      const remainingMs = atMs - Date.now();
      return remainingMs > 0 ? condition(documented, remainingMs) : documented();
    };
    const { remindAtMs, overdueAtMs, dueOn } = plan.documentation;
    // Past the due date already (an emergency entered late), a reminder would say nothing the escalation does not.
    if (Date.now() < overdueAtMs && !(await documentedBy(remindAtMs))) {
      reminded = true;
      await record('DOCUMENTATION_REMINDER', township, { dueOn });
    }
    if (!(await documentedBy(overdueAtMs))) {
      documentationOverdue = true;
      await record('DOCUMENTATION_OVERDUE', county, { dueOn, escalatedTo: county.regionCode });
    }
  }

  // 4. Above the limit, or a split: township review, county decision; payment only after approval.
  await condition(() => state() === 'paying' || runner.done);
  const decision = snapshot().context.decision;
  if (state() === 'paying' && decision?.outcome === 'APPROVED') await pay('APPROVED', decision.approvedAmountFen, decision.by);

  await runner.finished();
  const payment = snapshot().context.payment;
  if (input.fromCase) {
    await getExternalWorkflowHandle(input.fromCase.caseId).signal(itemResultSignal, {
      itemId: input.fromCase.itemId,
      from: input.emergencyId,
      delivered: payment !== null && payment !== undefined,
      note: payment ? `急难救助${input.emergencyId}：已发放` : `急难救助${input.emergencyId}：不予救助`,
      ...(payment ? { amountFen: payment.amountFen } : {}),
    });
  }
  return status();
}
