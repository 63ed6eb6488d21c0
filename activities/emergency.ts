import { addDays, shanghaiDateOf, startOfShanghaiDay, type CalendarDate } from '../domain/calendarDate';
import { EMERGENCY_KIND, isWithinFirstAidLimit, type EmergencyPayment, type FirstAidCheck } from '../domain/emergencyMachine';
import type { PaymentBasis } from '../domain/emergencySchemas';
import { addWorkingDays } from '../domain/workingDays';
import { loadCalendar } from '../db/calendar';
import { policyValues } from '../db/policy';
import type { Db, Tx } from '../db/pool';
import type {
  EmergencyEventRecord,
  EmergencyPlan,
  PaymentOutcome,
  PaymentRequest,
} from '../workflows/emergencyMessages';
import { projectionActivity } from './projection';
import { moneyPaidFen } from '../config/metrics';

const EMERGENCY_KEYS = [
  'emergency.firstAidLimitFen',
  'emergency.documentationWorkingDays',
  'emergency.documentationReminderWorkingDays',
  'emergency.splitWindowDays',
] as const;

interface PaymentRow {
  amount_fen: number;
  basis: PaymentBasis;
  paid_at: Date;
  paid_by: string;
  paid_by_region: string;
}

function paymentOf(row: PaymentRow): EmergencyPayment {
  return {
    amountFen: row.amount_fen,
    basis: row.basis,
    paidAt: row.paid_at.toISOString(),
    paidBy: { userId: row.paid_by, regionCode: row.paid_by_region },
  };
}

/** The first window day: the window is `windowDays` calendar days ending today (Asia/Shanghai). */
function windowStart(asOfMs: number, windowDays: number): CalendarDate {
  return addDays(shanghaiDateOf(asOfMs), -(windowDays - 1));
}

/** This person's first aid paid since the window start, other emergencies only (anti-splitting, seed 004). */
async function priorFirstAid(
  q: Tx,
  personRef: string,
  emergencyId: string,
  window: Pick<FirstAidCheck, 'limitFen' | 'windowDays' | 'windowStartOn'>,
): Promise<FirstAidCheck> {
  const rows = await q.query<{ emergency_id: string; amount_fen: number }>(
    `SELECT emergency_id, amount_fen FROM emergency_payments
      WHERE person_ref = $1 AND basis = 'FIRST_AID' AND emergency_id <> $2 AND paid_at >= $3
      ORDER BY paid_at, emergency_id`,
    [personRef, emergencyId, new Date(startOfShanghaiDay(window.windowStartOn))],
  );
  return {
    ...window,
    priorFirstAidFen: rows.reduce((sum, r) => sum + r.amount_fen, 0),
    priorFirstAidEmergencyIds: rows.map((r) => r.emergency_id),
  };
}

/**
 * Side effects of the emergency workflow: planning (the local limit, the
 * person's recent first aid, the documentation deadline), the one payment, and
 * the PostgreSQL projection. Every write is idempotent, since Temporal retries
 * activities.
 */
export function createEmergencyActivities({ db }: { db: Db }) {
  return {
    /**
     * The local rules in force where and when the emergency happened, and the
     * documentation deadline: the n-th working day after the emergency on the
     * official calendar (the day it happened is not counted, Civil Code art.
     * 201), with a reminder some working days before.
     */
    async planEmergency(args: {
      emergencyId: string;
      personRef: string;
      townshipCode: string;
      occurredOn: CalendarDate;
      /** Workflow time: the split window ends on its Shanghai date. */
      asOfMs: number;
    }): Promise<EmergencyPlan> {
      const [policy, calendar] = await Promise.all([
        policyValues(db, EMERGENCY_KEYS, args.townshipCode, args.occurredOn),
        loadCalendar(db),
      ]);
      const v = policy.values;
      const check = await priorFirstAid(db, args.personRef, args.emergencyId, {
        limitFen: v['emergency.firstAidLimitFen'],
        windowDays: v['emergency.splitWindowDays'],
        windowStartOn: windowStart(args.asOfMs, v['emergency.splitWindowDays']),
      });
      const workingDays = v['emergency.documentationWorkingDays'];
      const { dueOn, provisional } = addWorkingDays(calendar, args.occurredOn, workingDays);
      const reminderLead = v['emergency.documentationReminderWorkingDays'];
      const remindOn = addWorkingDays(calendar, args.occurredOn, Math.max(1, workingDays - reminderLead)).dueOn;
      return {
        check,
        documentation: {
          workingDays,
          dueOn,
          provisional,
          remindOn,
          remindAtMs: startOfShanghaiDay(remindOn),
          overdueAtMs: startOfShanghaiDay(addDays(dueOn, 1)),
        },
        policyVersions: EMERGENCY_KEYS.map((k) => policy.versions[k]),
      };
    },

    /**
     * Records the emergency's one payment. A retry, a replay or a second call
     * returns the payment already recorded (UNIQUE (emergency_id), ON CONFLICT
     * DO NOTHING). For first aid the person's recent first aid is added up again
     * under a per-person lock, so two emergencies reported at the same moment
     * (in two townships, say) cannot both be paid first past the limit: the
     * later one is held for approval.
     */
    async recordEmergencyPayment(req: PaymentRequest): Promise<PaymentOutcome> {
      let paidNow = false;
      const outcome = await db.withTransaction(async (tx): Promise<PaymentOutcome> => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('emergency-payments:' || $1, 0))`, [req.personRef]);
        const select = () => tx.query<PaymentRow>(
          `SELECT amount_fen, basis, paid_at, paid_by, paid_by_region FROM emergency_payments WHERE emergency_id = $1`,
          [req.emergencyId],
        );
        const [existing] = await select();
        if (existing) return { outcome: 'PAID', payment: paymentOf(existing) };
        if (req.splitGuard) {
          const check = await priorFirstAid(tx, req.personRef, req.emergencyId, req.splitGuard);
          if (!isWithinFirstAidLimit(req.amountFen, check.priorFirstAidFen, check.limitFen)) return { outcome: 'HELD_AS_SPLIT', check };
        }
        await tx.query(
          `INSERT INTO emergency_payments (emergency_id, person_ref, amount_fen, basis, paid_at, paid_by, paid_by_region)
           VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (emergency_id) DO NOTHING`,
          [req.emergencyId, req.personRef, req.amountFen, req.basis, new Date(req.paidAtMs), req.paidBy.userId, req.paidBy.regionCode],
        );
        const [paid] = await select();
        if (!paid) throw new Error(`payment of ${req.emergencyId} was not recorded`);
        paidNow = true;
        return { outcome: 'PAID', payment: paymentOf(paid) };
      });
      // Counted once it is committed, and only by the call that paid (not by a retry that found it paid).
      if (paidNow) moneyPaidFen.inc({ basis: req.basis }, req.amountFen);
      return outcome;
    },

    /** The emergency's projection: its row (see projection.ts). */
    recordEmergencyEvent: projectionActivity<EmergencyEventRecord>(db, {
      type: 'EMERGENCY',
      id: (e) => e.emergencyId,
      region: (e) => e.input.townshipCode,
      row: ({ emergencyId, input, status: s }, at) => {
        const doc = s.documentation;
        return {
          table: 'emergencies',
          key: { column: 'emergency_id', value: emergencyId },
          insert: {
            report_id: input.reportId, person_ref: input.personRef, township_code: input.townshipCode, kind: input.kind,
            amount_requested_fen: input.amountRequestedFen, occurred_on: input.occurredOn, description: input.description,
            created_by: input.actor.userId, created_at: at,
          },
          update: {
            state: s.state, route: s.context.assessment?.route ?? null, context: JSON.stringify(s.context), allowed_actions: s.allowedActions,
            documentation_due_on: doc?.dueOn ?? null, documentation_working_days: doc?.workingDays ?? null,
            documentation_provisional: doc?.provisional ?? null, documentation_remind_on: doc?.remindOn ?? null,
            documentation_reminded: doc?.reminded ?? false, documentation_overdue: doc?.overdue ?? false,
            policy_versions: s.policyVersions, updated_at: at, closed_at: EMERGENCY_KIND.isFinal(s.state) ? at : null,
          },
        };
      },
    }),
  };
}
