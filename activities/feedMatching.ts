import { shanghaiDateOf } from '../domain/calendarDate';
import { FEED_KINDS, type FeedKind } from '../domain/feeds/feedKinds';
import { pickRule, type Membership, type RowFacts, type WarningRule } from '../domain/warningRules';
import type { Tx } from '../db/pool';
import { MissingPolicyError, policyValue } from '../db/policy';
import type { Db } from '../db/pool';
import { caseIdFor } from '../api/pseudonyms';

/**
 * Cross-matching one staged batch against the monitored population, set-based
 * (seed 001 「交叉比对」): one SQL statement finds every staged row of a
 * monitored person with its household-level figures; the pure rules
 * (domain/warningRules.ts) pick the rule per row; warnings are inserted in
 * chunks; open cases and household siblings are found in SQL again.
 */

export interface MatchCounts {
  valid: number;
  matched: number;
  notMatched: number;
  warnings: number;
}

/** Registers the persons (and for the registry: households, members, categories) a batch names, then forgets its clear ID numbers. */
export async function registerBatchPersons(tx: Tx, batchId: string, kind: FeedKind): Promise<number> {
  if (kind === 'LOW_INCOME_REGISTRY') {
    await tx.query(
      `UPDATE feed_rows f SET reject_reason = 'householdIdNumber: the household applicant is neither in this file nor on record'
        WHERE f.batch_id = $1 AND f.reject_reason IS NULL
          AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.person_ref = f.attrs->>'householdRef')
          AND NOT EXISTS (SELECT 1 FROM feed_rows g WHERE g.batch_id = $1 AND g.reject_reason IS NULL AND g.person_ref = f.attrs->>'householdRef')`,
      [batchId]);
  }
  await tx.query(
    `INSERT INTO persons (person_ref, id_number, id_number_masked, birth_date, sex)
     SELECT DISTINCT ON (person_ref) person_ref, id_number, id_number_masked, to_date(substr(id_number, 7, 8), 'YYYYMMDD'),
            CASE WHEN substr(id_number, 17, 1)::int % 2 = 1 THEN 'M' ELSE 'F' END
       FROM feed_rows WHERE batch_id = $1 AND reject_reason IS NULL AND id_number IS NOT NULL
     ON CONFLICT (person_ref) DO NOTHING`, [batchId]);
  if (kind === 'LOW_INCOME_REGISTRY') {
    const valid = `FROM feed_rows WHERE batch_id = $1 AND reject_reason IS NULL`;
    await tx.query(
      `INSERT INTO households (household_id, applicant_person_ref, township_code, annual_income_fen)
       SELECT DISTINCT ON (attrs->>'householdRef') 'hh-' || substr(attrs->>'householdRef', 3), attrs->>'householdRef', township_code, amount_fen
         ${valid} ORDER BY attrs->>'householdRef', (person_ref = attrs->>'householdRef') DESC, row_no
       ON CONFLICT (household_id) DO UPDATE SET annual_income_fen = COALESCE(EXCLUDED.annual_income_fen, households.annual_income_fen)`, [batchId]);
    await tx.query(
      `INSERT INTO household_members (household_id, person_ref, relation)
       SELECT 'hh-' || substr(attrs->>'householdRef', 3), person_ref, attrs->>'relation' ${valid}
       ON CONFLICT (household_id, person_ref) DO UPDATE SET relation = EXCLUDED.relation`, [batchId]);
    await tx.query(
      `INSERT INTO low_income_registry (person_ref, household_id, category, township_code, batch_id)
       SELECT person_ref, 'hh-' || substr(attrs->>'householdRef', 3), attrs->>'category', township_code, batch_id ${valid}
       ON CONFLICT (person_ref) DO UPDATE SET household_id = EXCLUDED.household_id, category = EXCLUDED.category,
         township_code = EXCLUDED.township_code, batch_id = EXCLUDED.batch_id, updated_at = now()`, [batchId]);
  }
  await tx.query('UPDATE feed_rows SET id_number = NULL WHERE batch_id = $1 AND id_number IS NOT NULL', [batchId]);
  const [c] = await tx.query<{ valid: number; rejected: number }>(
    `SELECT count(*) FILTER (WHERE reject_reason IS NULL)::int AS valid, count(*) FILTER (WHERE reject_reason IS NOT NULL)::int AS rejected
       FROM feed_rows WHERE batch_id = $1`, [batchId]);
  await tx.query('UPDATE feed_batches SET rows_rejected = $2 WHERE batch_id = $1', [batchId, c?.rejected ?? 0]);
  return c?.valid ?? 0;
}

interface CandidateRow {
  row_no: number;
  source_key: string;
  person_ref: string;
  township_code: string;
  event_date: string | null;
  amount_fen: string | null;
  attrs: Record<string, string | number> | null;
  memberships: Membership[];
  household_id: string | null;
  person_fen: string;
  household_fen: string;
  income_fen: string | null;
}

/**
 * Every valid row of the batch about a monitored person, with the figures the
 * indicators read. Medical costs are summed over the 12 months up to the
 * batch's latest settlement, across every batch (a settlement counted once),
 * per person and per household; a cumulative feed yields one row per person
 * (the latest), an event feed every row.
 */
const CANDIDATES_TABLE = `
CREATE TEMP TABLE feed_candidates (row_no int, source_key text, person_ref text, township_code text, event_date date,
  amount_fen bigint, attrs jsonb, memberships jsonb, household_id text, person_fen numeric, household_fen numeric, income_fen bigint) ON COMMIT DROP`;
const CANDIDATES_SQL = `
INSERT INTO feed_candidates
WITH s AS (
  SELECT row_no, source_key, person_ref, township_code, event_date, amount_fen, attrs
    FROM feed_rows WHERE batch_id = $1 AND reject_reason IS NULL),
mon AS (
  SELECT m.person_ref, min(m.household_id) AS household_id,
         jsonb_agg(DISTINCT jsonb_build_object('category', m.category, 'enrolmentState', m.enrolment_state)) AS memberships
    FROM monitored_persons m WHERE m.person_ref IN (SELECT person_ref FROM s) GROUP BY m.person_ref),
hh AS (
  SELECT mon.person_ref, hm.person_ref AS member FROM mon JOIN household_members hm ON hm.household_id = mon.household_id
  UNION SELECT person_ref, person_ref FROM mon),
med AS (
  SELECT DISTINCT ON (f.source_key) f.person_ref, f.amount_fen
    FROM feed_rows f JOIN feed_batches b USING (batch_id)
   WHERE $2 AND b.feed_kind = 'MEDICAL_COSTS' AND (b.batch_id = $1 OR b.state <> 'FAILED') AND f.reject_reason IS NULL
     AND f.event_date > $3::date - interval '12 months' AND f.event_date <= $3::date
     AND f.person_ref IN (SELECT member FROM hh)),
pm AS (SELECT person_ref, sum(amount_fen) AS fen FROM med GROUP BY person_ref),
hf AS (SELECT hh.person_ref, sum(pm.fen) AS fen FROM hh JOIN pm ON pm.person_ref = hh.member GROUP BY hh.person_ref),
picked AS (
  SELECT DISTINCT ON (CASE WHEN $2 THEN s.person_ref ELSE s.row_no::text END) s.*
    FROM s JOIN mon USING (person_ref)
   ORDER BY CASE WHEN $2 THEN s.person_ref ELSE s.row_no::text END, s.event_date DESC NULLS LAST, s.row_no DESC)
SELECT picked.*, mon.memberships, mon.household_id, coalesce(pm.fen, 0) AS person_fen, coalesce(hf.fen, 0) AS household_fen, h.annual_income_fen AS income_fen
  FROM picked JOIN mon USING (person_ref) LEFT JOIN pm USING (person_ref) LEFT JOIN hf USING (person_ref)
  LEFT JOIN households h ON h.household_id = mon.household_id`;

const CHUNK = 5000;

/**
 * Runs the rules over the batch's candidates and records a warning per matching row (never twice per source row),
 * each with the case its source row opens (a keyed hash of kind and key, computed here for the few rows that warn).
 */
export async function matchBatch(tx: Tx, db: Db, pseudonymKey: string, batchId: string, kind: FeedKind): Promise<MatchCounts> {
  const [span] = await tx.query<{ as_of: string | null; valid: number; monitored: number }>(
    `SELECT max(event_date)::text AS as_of, count(*)::int AS valid,
            count(*) FILTER (WHERE person_ref IN (SELECT person_ref FROM monitored_persons))::int AS monitored
       FROM feed_rows WHERE batch_id = $1 AND reject_reason IS NULL`, [batchId]);
  const valid = span?.valid ?? 0;
  const matched = span?.monitored ?? 0;
  const asOf = span?.as_of ?? shanghaiDateOf(Date.now());
  await tx.query(CANDIDATES_TABLE);
  await tx.query(CANDIDATES_SQL, [batchId, kind === 'MEDICAL_COSTS', asOf]);

  const rulesByTownship = new Map<string, { rules: WarningRule[]; version: string }>();
  const rulesFor = async (township: string) => {
    let r = rulesByTownship.get(township);
    if (!r) {
      try {
        const { value, version } = await policyValue(db, 'warning.rules', township, asOf);
        r = { rules: value, version };
      } catch (err) {
        if (!(err instanceof MissingPolicyError)) throw err;
        r = { rules: [], version: '' }; // no rules here: nothing raises a warning
      }
      rulesByTownship.set(township, r);
    }
    return r;
  };

  let after = -1;
  for (;;) {
    const rows = await tx.query<CandidateRow>('SELECT * FROM feed_candidates WHERE row_no > $1 ORDER BY row_no LIMIT $2', [after, CHUNK]);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.row_no ?? after;
    const w: { row: CandidateRow; rule: WarningRule; version: string }[] = [];
    for (const row of rows) {
      const { rules, version } = await rulesFor(row.township_code);
      const facts: RowFacts = {
        feedKind: kind,
        memberships: row.memberships,
        amountFen: row.amount_fen === null ? null : Number(row.amount_fen),
        attrs: row.attrs,
        personMedical12mFen: Number(row.person_fen),
        householdMedical12mFen: Number(row.household_fen),
        householdAnnualIncomeFen: row.income_fen === null ? null : Number(row.income_fen),
      };
      const rule = pickRule(rules, facts);
      if (rule) w.push({ row, rule, version });
    }
    if (w.length > 0) {
      await tx.query(
        `INSERT INTO feed_warnings (batch_id, feed_kind, source_key, row_no, person_ref, household_id, township_code,
           rule_id, rule_version, hardship_type, priority, detail, case_id, own_case_id, disposition)
         SELECT $1, $2, *, c, 'NEW_CASE' FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int[], $12::text[], $13::text[]) AS u(k, r, p, h, t, ri, rv, ht, pr, d, c)
         ON CONFLICT (feed_kind, source_key) DO NOTHING`,
        [batchId, kind, w.map((x) => x.row.source_key), w.map((x) => x.row.row_no), w.map((x) => x.row.person_ref), w.map((x) => x.row.household_id),
          w.map((x) => x.row.township_code), w.map((x) => x.rule.id), w.map((x) => x.version), w.map((x) => x.rule.hardshipType),
          w.map((x) => x.rule.priority), w.map((x) => `${x.rule.label}（${FEED_KINDS[kind].label} ${x.row.source_key}）`),
          w.map((x) => caseIdFor(pseudonymKey, 'DATA_MATCH', `${kind}:${x.row.source_key}`))]);
    }
  }
  await settleDispositions(tx, batchId);
  const [n] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM feed_warnings WHERE batch_id = $1', [batchId]);
  return { valid, matched, notMatched: valid - matched, warnings: n?.n ?? 0 };
}

/**
 * A warning about a person or household with an open case in its township
 * joins that case (as POST /warnings does: api/cases/clues.ts); of
 * several new warnings about one household in the batch the most urgent opens
 * the case and the others join it. A death notice about a recipient names the
 * enrolment whose exit review it opens.
 */
async function settleDispositions(tx: Tx, batchId: string): Promise<void> {
  await tx.query(
    `WITH open AS (
       SELECT DISTINCT ON (w.warning_id) w.warning_id, c.case_id
         FROM feed_warnings w
         JOIN cases c ON c.state <> 'closed' AND c.township_code = w.township_code
          AND (c.person_ref = w.person_ref OR c.person_ref IN (SELECT hm.person_ref FROM household_members hm WHERE hm.household_id = w.household_id))
        WHERE w.batch_id = $1
        ORDER BY w.warning_id, c.created_at)
     UPDATE feed_warnings w SET disposition = 'CLUE', case_id = open.case_id FROM open WHERE w.warning_id = open.warning_id`, [batchId]);
  await tx.query(
    `WITH firsts AS (
       SELECT warning_id, first_value(case_id) OVER h AS first_case, row_number() OVER h AS n
         FROM feed_warnings WHERE batch_id = $1 AND disposition = 'NEW_CASE'
       WINDOW h AS (PARTITION BY coalesce(household_id, person_ref) ORDER BY priority, warning_id))
     UPDATE feed_warnings w SET disposition = 'CLUE', case_id = f.first_case FROM firsts f WHERE w.warning_id = f.warning_id AND f.n > 1`, [batchId]);
  await tx.query(
    `UPDATE feed_warnings w SET enrolment_id = e.enrolment_id
       FROM enrolments e JOIN household_members m USING (household_id)
      WHERE w.batch_id = $1 AND w.feed_kind = 'DEATHS' AND m.person_ref = w.person_ref AND e.status IN ('ACTIVE', 'GRADUAL_EXIT')`, [batchId]);
}
