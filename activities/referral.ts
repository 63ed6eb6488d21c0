import { REFERRAL_KIND } from '../domain/referralMachine';
import type { CalendarDate } from '../domain/calendarDate';
import type { Department } from '../domain/vocabulary';
import { addWorkingDays } from '../domain/workingDays';
import { loadCalendar } from '../db/calendar';
import { policyValue } from '../db/policy';
import type { ReferralEventRecord, ReferralPlan } from '../workflows/referralWorkflow';
import type { ActivityDeps } from './index';
import { projectionActivity } from './projection';

/** Side effects of department referrals: the due date from local policy, the projection. */
export function createReferralActivities({ db }: ActivityDeps) {
  return {
    /** Due the n-th working day after the referral (the day itself not counted), n per department. */
    async planReferral(args: { department: Department; townshipCode: string; referredOn: CalendarDate }): Promise<ReferralPlan> {
      const [policy, calendar] = await Promise.all([
        policyValue(db, 'referral.workingDays', args.townshipCode, args.referredOn),
        loadCalendar(db),
      ]);
      const workingDays = policy.value[args.department] ?? policy.value['*'] ?? 0;
      const { dueOn, provisional } = addWorkingDays(calendar, args.referredOn, workingDays);
      return { workingDays, dueOn, provisional, policyVersion: policy.version };
    },

    recordReferralEvent: projectionActivity<ReferralEventRecord>(db, {
      type: 'REFERRAL',
      id: (e) => e.referralId,
      region: (e) => e.input.townshipCode,
      row: ({ referralId, input, status: s }, at) => ({
        table: 'referrals',
        key: { column: 'referral_id', value: referralId },
        insert: {
          case_id: input.caseId, item_id: input.itemId, department: input.department, need: input.need, person_ref: input.personRef,
          township_code: input.townshipCode, referred_on: input.referredOn, created_by: input.actor.userId, created_at: at,
        },
        update: {
          state: s.state, context: JSON.stringify(s.context), allowed_actions: s.allowedActions, due_on: s.due?.dueOn ?? null,
          working_days: s.due?.workingDays ?? null, overdue: s.due?.overdue ?? false, policy_version: s.due?.policyVersion ?? null,
          updated_at: at, closed_at: REFERRAL_KIND.isFinal(s.state) ? at : null,
        },
      }),
    }),
  };
}
