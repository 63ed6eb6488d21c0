import { condition, getExternalWorkflowHandle, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { APPLICATION_KIND, type ApplicationAction, type ApplicationContext, type ApplicationState } from '../domain/applicationMachine';
import { applicationTasksFor } from '../domain/applicationTasks';
import { addDays, shanghaiDateOf, startOfShanghaiDay, type CalendarDate } from '../domain/calendarDate';
import type { Actor } from '../domain/vocabulary';
import { countyOf } from '../domain/regionCode';
import { MachineRunner } from './machineRunner';
import { itemResultSignal } from './messages';
import {
  applicationActionUpdate,
  applicationReceiptUpdate,
  applicationStatusQuery,
  type ApplicationInput,
  type ApplicationStatus,
} from './applicationMessages';

const { planApplication, assessApplication, recordApplicationEvent, concludeApplication, startEnrolment } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

/**
 * One application, classified review (一次申请、分类审核认定; seeds 001, 003, 004):
 * the township's 家计调查, the tier engine's decision reviewed by staff, 公示 for
 * the local number of days with objections recorded, the county's approval,
 * then enrolment in the registry or a recorded rejection. When a case referred
 * the person here (协助申办), the case learns the result.
 */
export async function applicationWorkflow(input: ApplicationInput): Promise<ApplicationStatus> {
  let publicityEndsOn: CalendarDate | null = null;
  const system: Actor = { userId: 'system', regionCode: countyOf(input.townshipCode) };

  const state = () => runner.state as ApplicationState;
  const context = () => runner.snapshot.context as ApplicationContext;
  const status = (): ApplicationStatus => ({
    applicationId: input.applicationId,
    state: state(),
    stateLabel: runner.stateLabel,
    allowedActions: runner.allowedActions,
    context: context(),
    publicityEndsOn,
  });
  const runner: MachineRunner<ApplicationStatus, ApplicationAction, { applicationId: string; input: ApplicationInput }> = new MachineRunner(APPLICATION_KIND, {
    status,
    regionCode: input.townshipCode,
    projection: {
      write: recordApplicationEvent,
      fields: { applicationId: input.applicationId, input },
      openTasks: () => applicationTasksFor(state(), input.townshipCode),
    },
  });

  setHandler(applicationStatusQuery, status);
  runner.handleReceipt(applicationReceiptUpdate);
  runner.handleActions(applicationActionUpdate, { settled: () => state() !== 'assessing' });

  const plan = await planApplication({ townshipCode: input.townshipCode, receivedOn: input.receivedOn });
  await runner.record('APPLICATION_RECEIVED', input.actor, { channel: input.channel, fromCase: input.fromCase, policy: plan.policyVersion });
  runner.received = true;

  while (!runner.done) {
    await condition(() => ['assessing', 'publicizing'].includes(state()) || runner.done);
    if (state() === 'assessing') {
      const snapshotId = context().investigation?.snapshotId ?? '';
      const today = shanghaiDateOf(Date.now());
      const decision = await assessApplication({
        applicationId: input.applicationId, snapshotId, householdId: input.householdId, townshipCode: input.townshipCode, assessedOn: today,
      });
      await runner.record('DECIDED', system, decision, { type: 'DECIDED', decision });
    } else if (state() === 'publicizing') {
      // 公示: the day it starts is not counted (Civil Code art. 201); it ends when its last day ends.
      publicityEndsOn = addDays(shanghaiDateOf(Date.now()), plan.publicityDays);
      await runner.record('PUBLICITY_STARTED', system, { publicityEndsOn, days: plan.publicityDays });
      await sleep(startOfShanghaiDay(addDays(publicityEndsOn, 1)) - Date.now());
      await runner.record('PUBLICITY_ENDED', system, { objections: context().objections.length }, { type: 'PUBLICITY_ENDED' });
    }
  }

  const outcome = context().outcome;
  const enrolmentId = `enr-${input.applicationId.replace(/^app-/, '')}`;
  await concludeApplication({ applicationId: input.applicationId, enrolmentId, householdId: input.householdId, outcome, decidedOn: shanghaiDateOf(Date.now()) });
  await runner.finished();
  if (outcome?.enrolled) {
    // The enrolment lives on for years (reviews, exit, monitoring) in its own workflow.
    await startEnrolment({
      enrolmentId, householdId: input.householdId, applicationId: input.applicationId, townshipCode: input.townshipCode,
      tier: outcome.tier, startOn: outcome.startOn, monthlyAmountFen: outcome.monthlyAmountFen, actor: system,
    });
  }
  if (input.fromCase && outcome) {
    await getExternalWorkflowHandle(input.fromCase.caseId).signal(itemResultSignal, {
      itemId: input.fromCase.itemId,
      from: input.applicationId,
      delivered: outcome.enrolled,
      note: outcome.enrolled ? `申请${input.applicationId}：纳入${outcome.tier}` : `申请${input.applicationId}：${outcome.reason}`,
    });
  }
  return status();
}
