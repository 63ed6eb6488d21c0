import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { subjectAccess } from '../access';
import { PageQuery, decodeCursor, pageOf } from '../pagination';
import { route } from '../route';
import { peopleOfHouseholds } from './people';

const HouseholdParams = z.object({ id: z.string().regex(/^hh-[0-9a-f]{32}$/, 'must be a household id') });

/**
 * What a chain entry shows of an event's payload: amounts, kinds, outcomes and
 * the staff's own words. A whitelist, because some payloads carry what must
 * not leave the case file (a 家计调查's household, with full ID numbers).
 */
const SHOWN = [
  'source', 'hardshipType', 'channel', 'kind', 'findings', 'outcome', 'reason', 'minutes', 'referTo', 'need', 'measure', 'description',
  'itemId', 'result', 'note', 'summary', 'primaryTier', 'tier', 'startOn', 'paymentsEndOn', 'monitoringEndsOn', 'exitReason',
  'publicityEndsOn', 'dueOn', 'basis', 'opinion', 'circumstances', 'duplicateReason', 'duplicateOf',
  'amountFen', 'amountRequestedFen', 'recommendedAmountFen', 'approvedAmountFen', 'monthlyAmountFen',
] as const;
/** The amount an event is about, in the order it is most telling. */
const AMOUNTS = ['amountFen', 'approvedAmountFen', 'monthlyAmountFen', 'recommendedAmountFen', 'amountRequestedFen'] as const;

interface EventRow {
  subject_type: string;
  subject_id: string;
  township_code: string;
  seq: number;
  event_type: string;
  from_state: string;
  to_state: string;
  actor_id: string;
  actor_region: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  cursor_at: string;
  chain_seq: string;
}

/**
 * 一户一条救助链 (seeds 000, 001 item 8): every event of the household's
 * applications and enrolments and of its members' cases and emergencies —
 * clues, verification, disposals, referrals and department results,
 * assistance items, decisions, reviews, payments — from the audit log
 * (subject_events), in time order (audit chain order within an instant),
 * with who acted and the amount. Subjects outside the principal's region are
 * left out (a member's emergency in another county). Paged by keyset.
 */
export function householdChainRouter(deps: ApiDeps): Router {
  const r = Router();
  const households = subjectAccess(deps, 'HOUSEHOLD');
  r.get('/households/:id/chain', route({ params: HouseholdParams, query: PageQuery }, households.read, async ({ params, query, principal }, _req, res) => {
    const cursor = decodeCursor(query.next, 2);
    const region = principal.role === 'ADMIN' ? '' : principal.regionCode;
    const rows = await deps.db.query<EventRow>(
      `WITH people AS (${peopleOfHouseholds('SELECT $1::text')}),
       subjects AS (
         SELECT 'CASE' AS type, case_id AS id, township_code FROM cases WHERE person_ref IN (SELECT person_ref FROM people)
         UNION ALL SELECT 'EMERGENCY', emergency_id, township_code FROM emergencies WHERE person_ref IN (SELECT person_ref FROM people)
         UNION ALL SELECT 'APPLICATION', application_id, township_code FROM applications WHERE household_id = $1
         UNION ALL SELECT 'ENROLMENT', enrolment_id, township_code FROM enrolments WHERE household_id = $1)
       SELECT e.subject_type, e.subject_id, s.township_code, e.seq, e.event_type, e.from_state, e.to_state, e.actor_id, e.actor_region,
              e.payload, e.occurred_at, e.occurred_at::text AS cursor_at, e.chain_seq::text AS chain_seq
         FROM subjects s JOIN subject_events e ON e.subject_type = s.type AND e.subject_id = s.id
        WHERE s.township_code LIKE $2 || '%'
          AND ($3::timestamptz IS NULL OR (e.occurred_at, e.chain_seq) > ($3::timestamptz, $4::bigint))
        ORDER BY e.occurred_at, e.chain_seq LIMIT $5`,
      [params.id, region, cursor?.[0] ?? null, cursor?.[1] ?? null, query.limit + 1],
    );
    const page = pageOf(rows, query.limit, (e) => [e.cursor_at, e.chain_seq], (e) => {
      const details = Object.fromEntries(SHOWN.filter((k) => e.payload[k] !== undefined).map((k) => [k, e.payload[k]]));
      const amount = AMOUNTS.map((k) => e.payload[k]).find((v) => typeof v === 'number');
      return {
        at: e.occurred_at,
        subjectType: e.subject_type,
        subjectId: e.subject_id,
        townshipCode: e.township_code,
        seq: e.seq,
        event: e.event_type,
        fromState: e.from_state,
        toState: e.to_state,
        by: { userId: e.actor_id, regionCode: e.actor_region },
        amountFen: amount ?? null,
        details,
      };
    });
    res.json({ householdId: params.id, ...page });
  }));
  return r;
}
