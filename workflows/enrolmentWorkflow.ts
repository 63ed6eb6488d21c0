import { condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { addDays, addMonths, shanghaiDateOf } from '../domain/calendarDate';
import type { Actor } from '../domain/vocabulary';
import { countyOf } from '../domain/regionCode';
import { ENROLMENT_KIND, type EnrolmentAction, type EnrolmentContext, type EnrolmentState } from '../domain/enrolmentMachine';
import { enrolmentTasksFor } from '../domain/enrolmentTasks';
import { enrolmentActionUpdate, enrolmentReceiptUpdate, enrolmentStatusQuery, type EnrolmentInput, type EnrolmentStatus } from './enrolmentMessages';
import { MachineRunner } from './machineRunner';
import { untilDay } from './timers';

const { planEnrolmentDuties, recordEnrolmentEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});


/**
 * One enrolled household, alive as long as its assistance and its monitoring
 * after exit (seed 003: 年审/复核, 有序退出, 渐退, 继续做好动态监测; seed 001 item
 * 6: monitored two years after exit). Each year's run ends with
 * continue-as-new, so the history stays bounded over decades.
 */
export async function enrolmentWorkflow(input: EnrolmentInput): Promise<EnrolmentStatus> {
  let reviewEscalated = input.resume?.reviewEscalated ?? false;
  const system: Actor = { userId: 'system', regionCode: countyOf(input.townshipCode) };
  const state = () => runner.state as EnrolmentState;
  const context = () => runner.snapshot.context as EnrolmentContext;
  const anniversary = () => addMonths(input.startOn, 12 * (context().cycle + 1));
  const status = (): EnrolmentStatus => ({
    enrolmentId: input.enrolmentId,
    state: state(),
    stateLabel: runner.stateLabel,
    allowedActions: runner.allowedActions,
    context: context(),
    nextAnnualReviewOn: ['active', 'reviewing'].includes(state()) ? anniversary() : null,
    reviewOverdue: reviewEscalated,
  });
  const initial: EnrolmentContext = { tier: input.tier, monthlyAmountFen: input.monthlyAmountFen, cycle: 0, review: null, exit: null };
  const runner: MachineRunner<EnrolmentStatus, EnrolmentAction, { enrolmentId: string; input: EnrolmentInput }> = new MachineRunner(ENROLMENT_KIND, {
    status,
    regionCode: input.townshipCode,
    overdue: () => reviewEscalated,
    input: initial,
    ...(input.resume ? { resume: input.resume } : {}),
    projection: {
      write: recordEnrolmentEvent,
      fields: { enrolmentId: input.enrolmentId, input },
      openTasks: () => enrolmentTasksFor(state(), context(), input.townshipCode, reviewEscalated),
    },
  });
  setHandler(enrolmentStatusQuery, status);
  runner.handleReceipt(enrolmentReceiptUpdate);
  runner.handleActions(enrolmentActionUpdate);

  if (!input.resume) {
    await runner.record('ENROLLED', input.actor, { tier: input.tier, startOn: input.startOn, monthlyAmountFen: input.monthlyAmountFen });
    runner.received = true;
  }
  const plan = () => planEnrolmentDuties({ townshipCode: input.townshipCode, anniversary: anniversary(), today: shanghaiDateOf(Date.now()) });

  while (!runner.done) {
    switch (state()) {
      case 'active': {
        const duties = await plan();
        const changed = await untilDay(addDays(anniversary(), -duties.reviewLeadDays), () => state() !== 'active');
        if (!changed) await runner.record('REVIEW_OPENED', system, { reason: 'ANNUAL' }, { type: 'REVIEW_OPENED', reason: 'ANNUAL', dueOn: duties.annualReviewDueOn });
        break;
      }
      case 'reviewing': {
        const review = context().review;
        if (review && !review.dueOn) {
          const duties = await plan();
          await runner.record('REVIEW_SCHEDULED', system, { dueOn: duties.changeReviewDueOn }, { type: 'REVIEW_SCHEDULED', dueOn: duties.changeReviewDueOn });
          break;
        }
        const cycle = context().cycle;
        const done = () => state() !== 'reviewing' || context().cycle !== cycle;
        const completed = reviewEscalated ? (await condition(done), true) : await untilDay(addDays(review?.dueOn ?? anniversary(), 1), done);
        if (!completed) {
          reviewEscalated = true;
          await runner.record('REVIEW_OVERDUE', system, { dueOn: review?.dueOn, escalatedTo: system.regionCode });
          break;
        }
        reviewEscalated = false;
        if (state() === 'active') {
          // A year is complete: the next run starts with a fresh, bounded history.
          await runner.finishedHandlers();
          await continueAsNew<typeof enrolmentWorkflow>({ ...input, resume: { ...runner.resumePoint(), reviewEscalated: false } });
        }
        break;
      }
      case 'gradualExit':
      case 'monitored': {
        const exit = context().exit;
        if (!exit?.monitoringEndsOn) {
          const duties = await plan();
          const today = shanghaiDateOf(Date.now());
          const paymentsEndOn = exit?.kind === 'GRADUAL' ? addMonths(today, duties.gradualExitMonths) : null;
          const monitoringEndsOn = addMonths(paymentsEndOn ?? today, duties.monitoringMonths);
          await runner.record('EXIT_SCHEDULED', system, { paymentsEndOn, monitoringEndsOn }, { type: 'EXIT_SCHEDULED', paymentsEndOn, monitoringEndsOn });
        } else if (state() === 'gradualExit' && exit.paymentsEndOn) {
          await untilDay(exit.paymentsEndOn, () => false);
          await runner.record('GRADUAL_EXIT_ENDED', system, { paymentsEndOn: exit.paymentsEndOn }, { type: 'GRADUAL_EXIT_ENDED' });
        } else {
          await untilDay(exit.monitoringEndsOn, () => false);
          await runner.record('MONITORING_ENDED', system, { monitoringEndsOn: exit.monitoringEndsOn }, { type: 'MONITORING_ENDED' });
        }
        break;
      }
    }
  }
  await runner.finished();
  return status();
}
