import { REFERRAL_KIND } from '../domain/referralMachine';
import type { TrackedItem } from '../domain/caseMachine';
import { countyOf } from '../domain/regionCode';
import { shanghaiDateOf, type CalendarDate } from '../domain/calendarDate';
import type { Department } from '../domain/vocabulary';
import { addWorkingDays } from '../domain/workingDays';
import { loadCalendar } from '../db/calendar';
import { policyValue } from '../db/policy';
import { referralInputsFor, type ReferralEventRecord, type ReferralPlan } from '../workflows/referralWorkflow';
import { startOnce } from '../workflows/startOnce';
import type { ActivityDeps } from './index';
import { projectionActivity } from './projection';

/** Side effects of department referrals: the due date from local policy, starts missed by the API, the projection. */
export function createReferralActivities({ db, temporal, taskQueue }: ActivityDeps) {
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

    /**
     * Starts the referrals a case step called for but nobody started (the API
     * stopped between the case's step and the start): open cases' department
     * items without a referral row, a bounded batch per pass. Idempotent: a
     * referral already started (and not yet projected) is left alone. Its due
     * date counts from the day it is recovered.
     */
    async startMissingReferrals(args: { limit: number; region: string }): Promise<{ started: number }> {
      const rows = await db.query<{ case_id: string; person_ref: string; township_code: string; items: TrackedItem[] }>(
        `SELECT c.case_id, c.person_ref, c.township_code, jsonb_agg(i) AS items
           FROM cases c CROSS JOIN LATERAL jsonb_array_elements(c.context->'items') i
          WHERE c.state = 'assisting' AND starts_with(c.township_code, $2) AND i->>'referTo' <> 'APPLICATION' AND NOT i ? 'result'
            AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.case_id AND r.item_id = i->>'id')
          GROUP BY c.case_id LIMIT $1`, [args.limit, args.region]);
      let started = 0;
      for (const c of rows) {
        const actor = { userId: 'system', regionCode: countyOf(c.township_code) };
        const inputs = referralInputsFor({ caseId: c.case_id, personRef: c.person_ref, townshipCode: c.township_code, items: c.items }, shanghaiDateOf(Date.now()), actor);
        for (const input of inputs) {
          if (await startOnce(temporal, 'referralWorkflow', { workflowId: input.referralId, taskQueue, args: [input] })) started += 1;
        }
      }
      return { started };
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
