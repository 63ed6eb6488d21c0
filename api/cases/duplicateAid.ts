import { shanghaiDateOf } from '../../domain/calendarDate';
import type { RecordAssistanceInput } from '../../domain/caseSchemas';
import { duplicatesOf, monthOf, type ReceivedAid } from '../../domain/duplicateAid';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { householdsOfPerson, peopleOfHouseholds } from '../households/people';

interface ReceivedRow {
  source: ReceivedAid['source'];
  subject_id: string;
  item_id: string | null;
  measure: ReceivedAid['measure'];
  from_on: string;
  to_on: string | null;
  amount_fen: string | null;
  description: string;
}

/**
 * What the household of a case's person receives: assistance items of its
 * members' cases that are pending or delivered (an item ends NOT_ELIGIBLE or
 * DECLINED: nothing received), each in the month it was recorded; its
 * 低保 and 特困 enrolments (基本生活救助) from their start until payments end;
 * its members' emergency payments (临时救助) in the month paid. A case's
 * k-th assistance item is the one its k-th RECORD_ASSISTANCE event opened.
 */
const RECEIVED = `
  WITH hh AS (${householdsOfPerson('$1')}),
  people AS (SELECT $1::text AS person_ref UNION ${peopleOfHouseholds('SELECT household_id FROM hh')}),
  items AS (
    SELECT c.case_id, i.item, row_number() OVER (PARTITION BY c.case_id ORDER BY i.ord) AS k
      FROM cases c CROSS JOIN LATERAL jsonb_array_elements(c.context->'items') WITH ORDINALITY AS i(item, ord)
     WHERE c.person_ref IN (SELECT person_ref FROM people) AND i.item->>'kind' = 'ASSISTANCE'),
  recorded AS (
    SELECT subject_id AS case_id, occurred_at, row_number() OVER (PARTITION BY subject_id ORDER BY seq) AS k
      FROM subject_events
     WHERE subject_type = 'CASE' AND event_type = 'RECORD_ASSISTANCE' AND subject_id IN (SELECT case_id FROM items))
  SELECT 'CASE_ITEM' AS source, case_id AS subject_id, item->>'id' AS item_id, item->>'measure' AS measure,
         to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS from_on, NULL AS to_on,
         item->>'amountFen' AS amount_fen, item->>'description' AS description
    FROM items JOIN recorded USING (case_id, k)
   WHERE coalesce(item->'result'->>'result', 'DELIVERED') = 'DELIVERED'
  UNION ALL
  SELECT 'ENROLMENT', enrolment_id, NULL, 'BASIC_LIVING', start_on::text, coalesce(payments_end_on, exited_on)::text,
         monthly_amount_fen::text, tier
    FROM enrolments WHERE household_id IN (SELECT household_id FROM hh) AND tier IN ('TEKUN', 'DIBAO')
  UNION ALL
  SELECT 'EMERGENCY_PAYMENT', emergency_id, NULL, 'TEMPORARY', to_char(paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), NULL,
         amount_fen::text, basis
    FROM emergency_payments WHERE person_ref IN (SELECT person_ref FROM people)`;

async function receivedByHouseholdOf(deps: ApiDeps, personRef: string): Promise<ReceivedAid[]> {
  const rows = await deps.db.query<ReceivedRow>(RECEIVED, [personRef]);
  return rows.map((r) => ({
    source: r.source,
    subjectId: r.subject_id,
    ...(r.item_id ? { itemId: r.item_id } : {}),
    measure: r.measure,
    period: r.source === 'ENROLMENT' ? { from: r.from_on, to: r.to_on } : monthOf(r.from_on),
    amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
    description: r.description,
  }));
}

/**
 * A retry of a step already applied (same Idempotency-Key, hence the same
 * update id, api/subjects.ts `sendStep`) is not a duplicate of itself:
 * Temporal answers it with the first result.
 */
async function alreadyApplied(deps: ApiDeps, caseId: string, idempotencyKey: string | undefined): Promise<boolean> {
  if (!idempotencyKey) return false;
  try {
    await deps.temporal.workflow.getHandle(caseId).getUpdateHandle(`record-assistance:${idempotencyKey}`).result();
    return true;
  } catch {
    return false;
  }
}

/**
 * The `record-assistance` input to send, or 409 DUPLICATE_AID listing what the
 * household already receives of this kind this month. With a
 * `duplicateReason` the step goes on, and the event records the reason and
 * the items it knowingly repeats (`duplicateOf`).
 */
export async function checkDuplicateAid(
  deps: ApiDeps,
  caseId: string,
  request: { input: unknown; idempotencyKey?: string | undefined },
): Promise<RecordAssistanceInput> {
  const input = request.input as RecordAssistanceInput;
  const [c] = await deps.db.query<{ person_ref: string }>('SELECT person_ref FROM cases WHERE case_id = $1', [caseId]);
  if (!c) return input;
  const period = monthOf(shanghaiDateOf((deps.now ?? Date.now)()));
  const duplicates = duplicatesOf(input.measure, period, await receivedByHouseholdOf(deps, c.person_ref));
  if (duplicates.length === 0 || (await alreadyApplied(deps, caseId, request.idempotencyKey))) return input;
  if (input.duplicateReason === undefined) {
    throw new HttpError(409, 'DUPLICATE_AID',
      `the household already receives ${input.measure} for ${period.from}..${period.to}: give duplicateReason to record it anyway`,
      { measure: input.measure, period, duplicates });
  }
  return { ...input, duplicateOf: duplicates.map((d) => ({ source: d.source, subjectId: d.subjectId, ...(d.itemId ? { itemId: d.itemId } : {}) })) } as RecordAssistanceInput;
}
