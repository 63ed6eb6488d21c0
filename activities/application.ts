import { APPLICATION_KIND, type ApplicationContext, type DecisionSummary } from '../domain/applicationMachine';
import type { EnrolmentTier } from '../domain/applicationSchemas';
import type { CalendarDate } from '../domain/calendarDate';
import { assessEligibility } from '../domain/eligibility';
import { ELIGIBILITY_KEYS, type EligibilityPolicy } from '../domain/eligibilityPolicy';
import type { Household } from '../domain/household';
import { policyValue, policyValues } from '../db/policy';
import type { Db } from '../db/pool';
import type { ApplicationEventRecord, AssessRequest } from '../workflows/applicationMessages';
import { projectionActivity } from './projection';

const ENROLMENT_TIERS: readonly string[] = ['TEKUN', 'DIBAO', 'DIBIAN', 'GANGZHI', 'QITA'];

/**
 * Side effects of the application workflow: its plan, the tier engine run on
 * the recorded household with the policy in force, the projection, and the
 * registry write when it ends. All idempotent (Temporal retries activities).
 */
export function createApplicationActivities({ db }: { db: Db }) {
  return {
    async planApplication(args: { townshipCode: string; receivedOn: CalendarDate }) {
      const publicity = await policyValue(db, 'application.publicityDays', args.townshipCode, args.receivedOn);
      return { publicityDays: publicity.value, policyVersion: publicity.version };
    },

    /** Runs the engine on the investigated household; the decision is stored once per investigation. */
    async assessApplication(req: AssessRequest): Promise<DecisionSummary> {
      const [snapshot] = await db.query<{ household: Household }>(
        'SELECT household FROM household_snapshots WHERE snapshot_id = $1 AND application_id = $2',
        [req.snapshotId, req.applicationId],
      );
      if (!snapshot) throw new Error(`household snapshot ${req.snapshotId} of ${req.applicationId} not found`);
      const policy: EligibilityPolicy = await policyValues(db, ELIGIBILITY_KEYS, req.townshipCode, req.assessedOn);
      const household = withRegistryHistory(snapshot.household, await registryHistory(db, req.householdId, req.applicationId));
      const decision = assessEligibility(household, policy, req.assessedOn);
      const [row] = await db.query<{ decision_id: string }>(
        `INSERT INTO eligibility_decisions (application_id, snapshot_id, assessed_on, primary_tier, decision) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT (application_id, snapshot_id) DO UPDATE SET decision = EXCLUDED.decision RETURNING decision_id`,
        [req.applicationId, req.snapshotId, req.assessedOn, decision.primaryTier, JSON.stringify(decision)],
      );
      const proposed = decision.primaryTier && ENROLMENT_TIERS.includes(decision.primaryTier) ? (decision.primaryTier as EnrolmentTier) : null;
      return {
        decisionId: row?.decision_id ?? '',
        primaryTier: proposed,
        applicableTiers: Object.values(decision.tiers).filter((t) => t.applies).map((t) => t.tier),
        suggestedMonthlyAmountFen: proposed === 'DIBAO' ? dibaoTopUp(policy, decision.figures) : null,
        policyVersions: Object.values(decision.policyVersions),
      };
    },

    recordApplicationEvent: projectionActivity<ApplicationEventRecord>(db, {
      type: 'APPLICATION',
      id: (e) => e.applicationId,
      region: (e) => e.input.townshipCode,
      row: ({ applicationId, input, status: s }, at) => ({
        table: 'applications',
        key: { column: 'application_id', value: applicationId },
        insert: {
          reference: input.reference, household_id: input.householdId, township_code: input.townshipCode, channel: input.channel,
          received_on: input.receivedOn, from_case_id: input.fromCase?.caseId ?? null, from_item_id: input.fromCase?.itemId ?? null,
          created_by: input.actor.userId, created_at: at,
        },
        update: {
          state: s.state, context: JSON.stringify(s.context), allowed_actions: s.allowedActions, publicity_ends_on: s.publicityEndsOn,
          updated_at: at, closed_at: APPLICATION_KIND.isFinal(s.state) ? at : null,
        },
      }),
    }),

    /** The registry learns the result: an enrolment, or a rejection kept for 其他困难人员 (seed 001 item 6). */
    async concludeApplication(args: { applicationId: string; enrolmentId: string; householdId: string; outcome: ApplicationContext['outcome']; decidedOn: CalendarDate }): Promise<void> {
      const o = args.outcome;
      if (!o) return;
      if (o.enrolled) {
        await db.query(
          `INSERT INTO enrolments (enrolment_id, household_id, application_id, tier, start_on, monthly_amount_fen, status)
           VALUES ($1,$2,$3,$4,$5,$6,'ACTIVE') ON CONFLICT (application_id) DO NOTHING`,
          [args.enrolmentId, args.householdId, args.applicationId, o.tier, o.startOn, o.monthlyAmountFen],
        );
      } else {
        await db.query(
          `INSERT INTO assistance_rejections (application_id, household_id, rejected_on, reason) VALUES ($1,$2,$3,$4)
           ON CONFLICT (application_id) DO NOTHING`,
          [args.applicationId, args.householdId, args.decidedOn, o.reason],
        );
      }
    },
  };
}

/** What the registry knows of the household's past: rejections, and exits because circumstances improved. */
async function registryHistory(db: Db, householdId: string, applicationId: string) {
  const [rejections, exits] = await Promise.all([
    db.query<{ rejected_on: string }>(
      'SELECT rejected_on FROM assistance_rejections WHERE household_id = $1 AND application_id <> $2', [householdId, applicationId]),
    db.query<{ exited_on: string }>(
      `SELECT exited_on FROM enrolments WHERE household_id = $1 AND status = 'EXITED' AND exit_reason = 'IMPROVED'`, [householdId]),
  ]);
  return { rejectedOn: rejections.map((r) => r.rejected_on), exitedOn: exits.map((r) => r.exited_on) };
}

function withRegistryHistory(h: Household, known: { rejectedOn: string[]; exitedOn: string[] }): Household {
  const history = h.history ?? {};
  const merge = (declared: string[] | undefined, found: string[]) => [...new Set([...(declared ?? []), ...found])].sort();
  return {
    ...h,
    history: {
      ...history,
      rejectedApplicationsOn: merge(history.rejectedApplicationsOn, known.rejectedOn),
      exitedAsImprovedOn: merge(history.exitedAsImprovedOn, known.exitedOn),
    },
  };
}

/** 低保 pays the gap (差额): 低保标准 × members − assessed monthly income, in whole fen, never below zero. */
function dibaoTopUp(policy: EligibilityPolicy, figures: { memberCount: number; assessedIncomeAnnualFen: number }): number {
  const gapAnnual = policy.values['dibao.monthlyStandardFen'] * 12 * figures.memberCount - figures.assessedIncomeAnnualFen;
  return Math.max(0, Math.floor(gapAnnual / 12));
}
