import type { ApplicationContext, DecisionSummary } from '../domain/applicationMachine';
import type { EnrolmentTier } from '../domain/applicationSchemas';
import type { CalendarDate } from '../domain/calendarDate';
import { assessEligibility } from '../domain/eligibility';
import { ELIGIBILITY_KEYS, type EligibilityPolicy } from '../domain/eligibilityPolicy';
import type { Household } from '../domain/household';
import { policyValue, policyValues } from '../db/policy';
import type { Db } from '../db/pool';
import type { ApplicationEventRecord, AssessRequest } from '../workflows/applicationMessages';
import { recordSubjectEvent } from './subjectEvents';
import { syncOpenTasks } from './taskProjection';

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

    async recordApplicationEvent(e: ApplicationEventRecord): Promise<void> {
      const at = new Date(e.occurredAtMs);
      const s = e.status;
      await db.withTransaction(async (tx) => {
        const applied = await tx.query(
          `INSERT INTO applications (application_id, reference, household_id, township_code, channel, received_on, from_case_id, from_item_id,
             state, context, allowed_actions, publicity_ends_on, version, created_by, created_at, updated_at, closed_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$15,$16)
           ON CONFLICT (application_id) DO UPDATE SET state = EXCLUDED.state, context = EXCLUDED.context,
             allowed_actions = EXCLUDED.allowed_actions, publicity_ends_on = EXCLUDED.publicity_ends_on,
             version = EXCLUDED.version, updated_at = EXCLUDED.updated_at, closed_at = EXCLUDED.closed_at
           WHERE applications.version <= EXCLUDED.version
           RETURNING application_id`,
          [
            e.applicationId, e.input.reference, e.input.householdId, e.input.townshipCode, e.input.channel, e.input.receivedOn,
            e.input.fromCase?.caseId ?? null, e.input.fromCase?.itemId ?? null, s.state, JSON.stringify(s.context), s.allowedActions,
            s.publicityEndsOn, e.seq, e.input.actor.userId, at, ['enrolled', 'rejected'].includes(s.state) ? at : null,
          ],
        );
        await recordSubjectEvent(tx, 'APPLICATION', e.applicationId, { ...e, toState: s.state, at });
        if (applied.length === 0) return;
        await syncOpenTasks(tx, { type: 'APPLICATION', id: e.applicationId, regionCode: e.input.townshipCode }, e.openTasks, at, e.actor.userId);
      });
    },

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
