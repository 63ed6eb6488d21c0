import { addDays, shanghaiDateOf, type CalendarDate } from '../domain/calendarDate';
import { addWorkingDays, isWorkingDay } from '../domain/workingDays';
import { loadCalendar } from '../db/calendar';
import { policyValues } from '../db/policy';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { EnrolmentEventRecord, EnrolmentInput } from '../workflows/enrolmentMessages';
import type { ActivityDeps } from './index';
import { recordSubjectEvent } from './subjectEvents';
import { syncOpenTasks } from './taskProjection';

const REGISTRY_STATUS = { active: 'ACTIVE', reviewing: 'ACTIVE', gradualExit: 'GRADUAL_EXIT', monitored: 'EXITED', ended: 'MONITORING_ENDED' } as const;

/** Side effects of the enrolment workflow: its start, its dates from local policy and the calendar, and the registry. */
export function createEnrolmentActivities({ db, temporal, taskQueue }: ActivityDeps) {
  return {
    /** Starts the enrolment's own workflow once (its id is the enrolment id), whatever retries happen. */
    async startEnrolment(input: EnrolmentInput): Promise<void> {
      try {
        await temporal.workflow.start('enrolmentWorkflow', {
          workflowId: input.enrolmentId, taskQueue, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
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

    async recordEnrolmentEvent(e: EnrolmentEventRecord): Promise<void> {
      const at = new Date(e.occurredAtMs);
      const s = e.status;
      const exit = s.context.exit;
      await db.withTransaction(async (tx) => {
        const applied = await tx.query(
          `UPDATE enrolments SET state = $2, status = $3, tier = $4, monthly_amount_fen = $5, context = $6, allowed_actions = $7,
                  township_code = $8, next_review_due_on = $9, payments_end_on = $10, monitoring_ends_on = $11,
                  exited_on = CASE WHEN $3 IN ('EXITED', 'MONITORING_ENDED') THEN coalesce(exited_on, $12::date) END,
                  exit_reason = $13, version = $14, updated_at = $15
            WHERE enrolment_id = $1 AND version <= $14 RETURNING enrolment_id`,
          [
            e.enrolmentId, s.state, REGISTRY_STATUS[s.state], s.context.tier, s.context.monthlyAmountFen, JSON.stringify(s.context),
            s.allowedActions, e.input.townshipCode, s.context.review?.dueOn ?? s.nextAnnualReviewOn, exit?.paymentsEndOn ?? null,
            exit?.monitoringEndsOn ?? null, shanghaiDateOf(e.occurredAtMs), exit?.reason ?? null, e.seq, at,
          ],
        );
        await recordSubjectEvent(tx, 'ENROLMENT', e.enrolmentId, { ...e, toState: s.state, at });
        if (applied.length === 0) return;
        await syncOpenTasks(tx, { type: 'ENROLMENT', id: e.enrolmentId, regionCode: e.input.townshipCode }, e.openTasks, at, e.actor.userId);
      });
    },
  };
}
