import { addDays, shanghaiDateOf, type CalendarDate } from '../domain/calendarDate';
import { addWorkingDays, isWorkingDay } from '../domain/workingDays';
import { loadCalendar } from '../db/calendar';
import { policyValues } from '../db/policy';
import { startOnce } from '../workflows/startOnce';
import type { EnrolmentEventRecord, EnrolmentInput } from '../workflows/enrolmentMessages';
import type { ActivityDeps } from './index';
import { projectionActivity } from './projection';

const REGISTRY_STATUS = { active: 'ACTIVE', reviewing: 'ACTIVE', gradualExit: 'GRADUAL_EXIT', monitored: 'EXITED', ended: 'MONITORING_ENDED' } as const;

/** Side effects of the enrolment workflow: its start, its dates from local policy and the calendar, and the registry. */
export function createEnrolmentActivities({ db, temporal, taskQueue }: ActivityDeps) {
  return {
    /** Starts the enrolment's own workflow once (its id is the enrolment id), whatever retries happen. */
    async startEnrolment(input: EnrolmentInput): Promise<void> {
      await startOnce(temporal, 'enrolmentWorkflow', { workflowId: input.enrolmentId, taskQueue, args: [input] });
    },

    async planEnrolmentDuties(args: { townshipCode: string; anniversary: CalendarDate; today: CalendarDate }) {
      const [{ values }, calendar] = await Promise.all([
        policyValues(db, ['review.leadDays', 'review.changeWorkingDays', 'exit.gradualMonths', 'exit.monitoringMonths'], args.townshipCode, args.today),
        loadCalendar(db),
      ]);
      // An anniversary on a rest day is due on the next working day (Civil Code art. 203).
      let annualReviewDueOn = args.anniversary;
      while (!isWorkingDay(calendar, annualReviewDueOn)) annualReviewDueOn = addDays(annualReviewDueOn, 1);
      return {
        reviewLeadDays: values['review.leadDays'],
        annualReviewDueOn,
        changeReviewDueOn: addWorkingDays(calendar, args.today, values['review.changeWorkingDays']).dueOn,
        gradualExitMonths: values['exit.gradualMonths'],
        monitoringMonths: values['exit.monitoringMonths'],
      };
    },

    /** The enrolment's projection: its registry row, which exists before the workflow (see projection.ts). */
    recordEnrolmentEvent: projectionActivity<EnrolmentEventRecord>(db, {
      type: 'ENROLMENT',
      id: (e) => e.enrolmentId,
      region: (e) => e.input.townshipCode,
      row: ({ enrolmentId, input, status: s, occurredAtMs }, at) => {
        const exit = s.context.exit;
        const status = REGISTRY_STATUS[s.state];
        return {
          table: 'enrolments',
          key: { column: 'enrolment_id', value: enrolmentId },
          update: {
            state: s.state, status, tier: s.context.tier, monthly_amount_fen: s.context.monthlyAmountFen, context: JSON.stringify(s.context),
            allowed_actions: s.allowedActions, township_code: input.townshipCode, next_review_due_on: s.context.review?.dueOn ?? s.nextAnnualReviewOn,
            payments_end_on: exit?.paymentsEndOn ?? null, monitoring_ends_on: exit?.monitoringEndsOn ?? null,
            exit_reason: exit?.reason ?? null, updated_at: at,
          },
          sticky: { exited_on: status === 'EXITED' || status === 'MONITORING_ENDED' ? shanghaiDateOf(occurredAtMs) : null },
        };
      },
    }),
  };
}
