import { defineQuery, defineUpdate, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { addDays, type CalendarDate } from '../domain/calendarDate';
import type { TrackedItem } from '../domain/caseMachine';
import { REFERRAL_KIND, referralTasksFor, type ReferralAction, type ReferralContext, type ReferralState } from '../domain/referralMachine';
import { countyOf } from '../domain/regionCode';
import type { Actor, Department } from '../domain/vocabulary';
import { MachineRunner, type SubjectEventRecord } from './machineRunner';
import { itemResultSignal } from './messages';
import type { ActionRequest } from './subjectMessages';
import { untilDay } from './timers';

export interface ReferralInput {
  referralId: string;
  /** The case and its item this referral answers. */
  caseId: string;
  itemId: string;
  department: Department;
  need: string;
  /** Keyed hash of the person's ID number (the department may reveal the number itself, logged). */
  personRef: string;
  townshipCode: string;
  referredOn: CalendarDate;
  actor: Actor;
}

/** The referral of a case's item: its id is the case's and the item's, so it is started once whatever retries or reconciles it. */
export const referralIdFor = (caseId: string, itemId: string) => `referral-${caseId.slice('case-'.length)}-${itemId}`;

/** The referrals a case's items call for: each item referred to a department that has no result yet. */
export function referralInputsFor(
  c: { caseId: string; personRef: string; townshipCode: string; items: TrackedItem[] }, referredOn: CalendarDate, actor: Actor,
): ReferralInput[] {
  return c.items.filter((i) => i.referTo && i.referTo !== 'APPLICATION' && !i.result).map((i) => ({
    referralId: referralIdFor(c.caseId, i.id), caseId: c.caseId, itemId: i.id, department: i.referTo as Department,
    need: i.description, personRef: c.personRef, townshipCode: c.townshipCode, referredOn, actor,
  }));
}

export interface ReferralPlan {
  workingDays: number;
  dueOn: CalendarDate;
  provisional: boolean;
  policyVersion: string;
}

export interface ReferralStatus {
  referralId: string;
  state: ReferralState;
  stateLabel: string;
  allowedActions: ReferralAction[];
  context: ReferralContext;
  due: (ReferralPlan & { overdue: boolean }) | null;
}

export type ReferralEventRecord = SubjectEventRecord<ReferralStatus, { referralId: string; input: ReferralInput }>;

export const referralStatusQuery = defineQuery<ReferralStatus>('referralStatus');
export const referralReceiptUpdate = defineUpdate<ReferralStatus>('referralReceipt');
export const referralActionUpdate = (action: ReferralAction) => defineUpdate<ReferralStatus, [ActionRequest]>(action);

const { planReferral, recordReferralEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

/**
 * One department referral (转介/转办; seed 003 四): due a local number of working
 * days after it was made, per department; the department accepts or declines
 * it and reports the result; when late, the county is asked to press (督办).
 * The case's item gets the result.
 */
export async function referralWorkflow(input: ReferralInput): Promise<ReferralStatus> {
  let plan: ReferralPlan | null = null;
  let overdue = false;
  const county: Actor = { userId: 'system', regionCode: countyOf(input.townshipCode) };
  const state = () => runner.state as ReferralState;
  const status = (): ReferralStatus => ({
    referralId: input.referralId,
    state: state(),
    stateLabel: runner.stateLabel,
    allowedActions: runner.allowedActions,
    context: runner.snapshot.context as ReferralContext,
    due: plan && { ...plan, overdue },
  });
  const runner: MachineRunner<ReferralStatus, ReferralAction, { referralId: string; input: ReferralInput }> = new MachineRunner(REFERRAL_KIND, {
    status,
    regionCode: input.townshipCode,
    overdue: () => overdue && !runner.done, // the escalated step is still open
    projection: {
      write: recordReferralEvent,
      fields: { referralId: input.referralId, input },
      openTasks: () => referralTasksFor({ ...input, state: state(), dueOn: plan?.dueOn ?? null, overdue }),
    },
  });
  setHandler(referralStatusQuery, status);
  runner.handleReceipt(referralReceiptUpdate);
  runner.handleActions(referralActionUpdate, { withActor: true });

  const { dueOn } = (plan = await planReferral({ department: input.department, townshipCode: input.townshipCode, referredOn: input.referredOn }));
  await runner.record('REFERRED', input.actor, { caseId: input.caseId, itemId: input.itemId, department: input.department, dueOn });
  runner.received = true;

  if (!(await untilDay(addDays(dueOn, 1), () => runner.done))) {
    overdue = true;
    await runner.record('REFERRAL_OVERDUE', county, { dueOn, escalatedTo: county.regionCode });
  }
  await runner.finished();

  const { declined, result } = runner.snapshot.context as ReferralContext;
  await getExternalWorkflowHandle(input.caseId).signal(itemResultSignal, {
    itemId: input.itemId,
    from: input.referralId,
    delivered: result?.result === 'DELIVERED',
    note: declined ? `部门退回：${declined.reason}` : result?.note ?? '',
    ...(result?.amountFen !== undefined ? { amountFen: result.amountFen } : {}),
  });
  return status();
}
