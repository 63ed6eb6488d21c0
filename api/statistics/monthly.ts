import type { Db } from '../../db/pool';
import { regionName } from '../../domain/regions';
import type { WorkingDayCalendar } from '../../domain/workingDays';

/**
 * The 月报 of one region and month (seeds 002, 003, 004: 督促调度, report
 * 社会救助工作情况 upward), computed on read from the projection by a handful
 * of set-based queries, each grouped by township with the region's total as a
 * second grouping set (`t IS NULL`). Every query is bounded by region prefix
 * and by the month, so its cost follows the month's activity, not the history.
 *
 * Dates are Asia/Shanghai calendar dates. "As of" is the month's last day, or
 * today for the current month: a past month's report does not change.
 */
export interface MonthWindow {
  region: string;
  month: string;
  /** First day of the month. */
  from: string;
  /** First day of the next month (exclusive). */
  to: string;
  /** The month's last day, or today if earlier. */
  asOf: string;
}

export interface ScopeStatistics {
  warnings: { total: number; bySource: { source: string; rule: string | null; count: number }[] };
  verification: { onTime: number; late: number; openPastDue: number };
  disposals: { outcome: string; count: number }[];
  referrals: { department: string; opened: number; closed: number; closureRate: number | null; medianWorkingDays: number | null }[];
  assistance: { tier: string; applications: number; enrolments: number; reviews: number; gradualExits: number; exits: number }[];
  payments: { kind: string; count: number; amountFen: number }[];
  emergencies: { firstAided: number; firstAidFen: number; approved: number; approvedFen: number };
  conflictRefusals: number;
}

export interface MonthlyStatistics extends MonthWindow {
  regionName: string | null;
  total: ScopeStatistics;
  townships: ({ townshipCode: string; townshipName: string | null } & ScopeStatistics)[];
}

const SHANGHAI_DAY = (col: string) => `(${col} AT TIME ZONE 'Asia/Shanghai')::date`;

/** Item-creating case events, numbered as the case machine numbers its items (item-1, item-2, …). */
const CASE_ITEMS = `
  SELECT e.subject_id AS case_id, c.township_code AS t,
         'item-' || row_number() OVER (PARTITION BY e.subject_id ORDER BY e.seq) AS item_id,
         CASE WHEN e.event_type = 'RECORD_ASSISTANCE' THEN 'ASSISTANCE' ELSE 'REFERRAL' END AS item_kind,
         coalesce(e.payload->>'referTo', e.payload->>'measure') AS target,
         (e.payload->>'amountFen')::bigint AS recorded_fen,
         ${SHANGHAI_DAY('e.occurred_at')} AS opened_on
    FROM subject_events e JOIN cases c ON c.case_id = e.subject_id
   WHERE e.subject_type = 'CASE' AND starts_with(c.township_code, $1)
     AND (e.event_type IN ('REFER', 'RECORD_ASSISTANCE')
          OR (e.event_type IN ('DISPOSE', 'DELIBERATE') AND e.payload->>'outcome' = 'MAY_QUALIFY' AND e.payload ? 'referTo'))`;

const RESULTS = `
  SELECT e.subject_id AS case_id, e.payload->>'itemId' AS item_id,
         -- a human step carries result; a subject reporting back (a referral, an application) carries delivered
         coalesce(e.payload->>'result', CASE WHEN (e.payload->>'delivered')::boolean THEN 'DELIVERED' ELSE 'NOT_ELIGIBLE' END) AS result,
         (e.payload->>'amountFen')::bigint AS result_fen, ${SHANGHAI_DAY('e.occurred_at')} AS closed_on
    FROM subject_events e
   WHERE e.subject_type = 'CASE' AND e.event_type = 'REPORT_RESULT'`;

/** Working days in (a, b], with the official calendar passed as arrays ($5 rest days on weekdays, $6 make-up workdays). */
const WORKING_DAYS = (a: string, b: string) => `
  (SELECT count(*) FROM generate_series(${a} + 1, ${b}, interval '1 day') AS g(d)
    WHERE CASE WHEN d::date = ANY($6::date[]) THEN true WHEN d::date = ANY($5::date[]) THEN false ELSE extract(isodow FROM d) < 6 END)`;

type Row = Record<string, unknown> & { t: string | null };

const QUERIES = {
  warnings: `
    SELECT c.township_code AS t, c.source, to_jsonb(c)->>'rule_id' AS rule, count(*)::int AS count
      FROM cases c
     WHERE starts_with(c.township_code, $1) AND c.received_on >= $2 AND c.received_on < $3
     GROUP BY GROUPING SETS ((c.township_code, c.source, to_jsonb(c)->>'rule_id'), (c.source, to_jsonb(c)->>'rule_id'))`,
  // A verification done in the month was on time if done by its due date; one
  // still open at "as of" (or done only after it) and due before it is open past due.
  verification: `
    SELECT k.subject_region AS t,
           count(*) FILTER (WHERE done >= $2 AND done < $3 AND done <= k.due_on)::int AS "onTime",
           count(*) FILTER (WHERE done >= $2 AND done < $3 AND done > k.due_on)::int AS late,
           count(*) FILTER (WHERE k.due_on < $4 AND (done IS NULL OR done > $4))::int AS "openPastDue"
      FROM tasks k CROSS JOIN LATERAL (SELECT ${SHANGHAI_DAY('k.completed_at')} AS done) d
     WHERE k.subject_type = 'CASE' AND k.kind = 'VERIFY' AND starts_with(k.subject_region, $1)
       AND (k.due_on < $4 OR (k.completed_at >= $2::date AT TIME ZONE 'Asia/Shanghai' AND k.completed_at < $3::date AT TIME ZONE 'Asia/Shanghai'))
     GROUP BY GROUPING SETS ((k.subject_region), ())`,
  disposals: `
    SELECT c.township_code AS t, e.payload->>'outcome' AS outcome, count(*)::int AS count
      FROM subject_events e JOIN cases c ON c.case_id = e.subject_id
     WHERE e.subject_type = 'CASE' AND e.event_type IN ('DISPOSE', 'DELIBERATE') AND starts_with(c.township_code, $1)
       AND e.occurred_at >= $2::date AT TIME ZONE 'Asia/Shanghai' AND e.occurred_at < $3::date AT TIME ZONE 'Asia/Shanghai'
     GROUP BY GROUPING SETS ((c.township_code, e.payload->>'outcome'), (e.payload->>'outcome'))`,
  // Department referrals (the referral subject) made in the month; closed = accepted-and-reported or declined by "as of".
  referrals: `
    WITH opened AS (
      SELECT r.township_code AS t, r.department,
             CASE WHEN ${SHANGHAI_DAY('r.closed_at')} <= $4 THEN ${WORKING_DAYS('r.referred_on', SHANGHAI_DAY('r.closed_at'))} END AS wd
        FROM referrals r
       WHERE starts_with(r.township_code, $1) AND r.referred_on >= $2 AND r.referred_on < $3)
    SELECT t, department, count(*)::int AS opened, count(wd)::int AS closed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY wd) AS "medianWorkingDays"
      FROM opened GROUP BY GROUPING SETS ((t, department), (department))`,
  assistance: `
    WITH moves AS (
      SELECT a.township_code AS t, coalesce(d.primary_tier, 'UNDECIDED') AS tier, 'applications' AS what
        FROM applications a
        LEFT JOIN LATERAL (SELECT primary_tier FROM eligibility_decisions x WHERE x.application_id = a.application_id
                            ORDER BY x.decision_id DESC LIMIT 1) d ON true
       WHERE starts_with(a.township_code, $1) AND a.received_on >= $2 AND a.received_on < $3
      UNION ALL
      SELECT n.township_code, n.tier,
             CASE WHEN e.event_type = 'ENROLLED' THEN 'enrolments'
                  WHEN e.event_type = 'GRADUAL_EXIT_ENDED' OR e.payload->>'outcome' = 'EXIT' THEN 'exits'
                  WHEN e.payload->>'outcome' = 'GRADUAL_EXIT' THEN 'gradualExits' END
        FROM subject_events e JOIN enrolments n ON n.enrolment_id = e.subject_id
       WHERE e.subject_type = 'ENROLMENT' AND e.event_type IN ('ENROLLED', 'COMPLETE_REVIEW', 'GRADUAL_EXIT_ENDED')
         AND starts_with(n.township_code, $1)
         AND e.occurred_at >= $2::date AT TIME ZONE 'Asia/Shanghai' AND e.occurred_at < $3::date AT TIME ZONE 'Asia/Shanghai'
      UNION ALL
      SELECT n.township_code, n.tier, 'reviews'
        FROM subject_events e JOIN enrolments n ON n.enrolment_id = e.subject_id
       WHERE e.subject_type = 'ENROLMENT' AND e.event_type = 'COMPLETE_REVIEW' AND starts_with(n.township_code, $1)
         AND e.occurred_at >= $2::date AT TIME ZONE 'Asia/Shanghai' AND e.occurred_at < $3::date AT TIME ZONE 'Asia/Shanghai')
    SELECT t, tier,
           count(*) FILTER (WHERE what = 'applications')::int AS applications,
           count(*) FILTER (WHERE what = 'enrolments')::int AS enrolments,
           count(*) FILTER (WHERE what = 'reviews')::int AS reviews,
           count(*) FILTER (WHERE what = 'gradualExits')::int AS "gradualExits",
           count(*) FILTER (WHERE what = 'exits')::int AS exits
      FROM moves WHERE what IS NOT NULL GROUP BY GROUPING SETS ((t, tier), (tier))`,
  // Money that left in the month: emergency payments (by basis) and delivered case items with an amount (by measure or department).
  payments: `
    WITH items AS (${CASE_ITEMS}), results AS (${RESULTS}),
    paid AS (
      SELECT p.t, 'EMERGENCY_' || p.basis AS kind, p.amount_fen::bigint AS fen
        FROM (SELECT e.township_code AS t, ep.basis, ep.amount_fen, ep.paid_at
                FROM emergency_payments ep JOIN emergencies e USING (emergency_id)
               WHERE starts_with(e.township_code, $1)) p
       WHERE p.paid_at >= $2::date AT TIME ZONE 'Asia/Shanghai' AND p.paid_at < $3::date AT TIME ZONE 'Asia/Shanghai'
      UNION ALL
      SELECT i.t, i.item_kind || '_' || i.target, coalesce(r.result_fen, i.recorded_fen)
        FROM results r JOIN items i USING (case_id, item_id)
       WHERE r.result = 'DELIVERED' AND coalesce(r.result_fen, i.recorded_fen) IS NOT NULL AND r.closed_on >= $2 AND r.closed_on < $3)
    SELECT t, kind, count(*)::int AS count, sum(fen)::bigint AS "amountFen"
      FROM paid GROUP BY GROUPING SETS ((t, kind), (kind))`,
  emergencies: `
    SELECT e.township_code AS t,
           count(*) FILTER (WHERE ep.basis = 'FIRST_AID')::int AS "firstAided",
           coalesce(sum(ep.amount_fen) FILTER (WHERE ep.basis = 'FIRST_AID'), 0)::bigint AS "firstAidFen",
           count(*) FILTER (WHERE ep.basis = 'APPROVED')::int AS approved,
           coalesce(sum(ep.amount_fen) FILTER (WHERE ep.basis = 'APPROVED'), 0)::bigint AS "approvedFen"
      FROM emergency_payments ep JOIN emergencies e USING (emergency_id)
     WHERE starts_with(e.township_code, $1)
       AND ep.paid_at >= $2::date AT TIME ZONE 'Asia/Shanghai' AND ep.paid_at < $3::date AT TIME ZONE 'Asia/Shanghai'
     GROUP BY GROUPING SETS ((e.township_code), ())`,
  conflictRefusals: `
    SELECT r.region_code AS t, count(*)::int AS count
      FROM conflict_refusals r
     WHERE starts_with(r.region_code, $1)
       AND r.refused_at >= $2::date AT TIME ZONE 'Asia/Shanghai' AND r.refused_at < $3::date AT TIME ZONE 'Asia/Shanghai'
     GROUP BY GROUPING SETS ((r.region_code), ())`,
} as const;

const emptyScope = (): ScopeStatistics => ({
  warnings: { total: 0, bySource: [] },
  verification: { onTime: 0, late: 0, openPastDue: 0 },
  disposals: [],
  referrals: [],
  assistance: [],
  payments: [],
  emergencies: { firstAided: 0, firstAidFen: 0, approved: 0, approvedFen: 0 },
  conflictRefusals: 0,
});

/** Rest days that fall on weekdays and make-up workdays on weekends, as SQL date arrays. */
function calendarArrays(calendar: WorkingDayCalendar): [string[], string[]] {
  const rest: string[] = [];
  const work: string[] = [];
  for (const [date, isWorkday] of calendar.officialDays) (isWorkday ? work : rest).push(date);
  return [rest, work];
}

export async function monthlyStatistics(db: Db, calendar: WorkingDayCalendar, w: MonthWindow): Promise<MonthlyStatistics> {
  const params = [w.region, w.from, w.to, w.asOf, ...calendarArrays(calendar)];
  const names = Object.keys(QUERIES) as (keyof typeof QUERIES)[];
  // Each query text names only the parameters it uses; pg wants exactly those, so pass a prefix of them.
  const results = await Promise.all(names.map((n) => {
    const used = Math.max(...[...QUERIES[n].matchAll(/\$(\d)/g)].map((m) => Number(m[1])));
    return db.query<Row>(QUERIES[n], params.slice(0, used));
  }));
  const scopes = new Map<string | null, ScopeStatistics>([[null, emptyScope()]]);
  const scope = (t: string | null) => {
    let s = scopes.get(t);
    if (!s) scopes.set(t, (s = emptyScope()));
    return s;
  };
  const num = (v: unknown) => Number(v ?? 0);
  names.forEach((name, i) => {
    for (const { t, ...r } of results[i] ?? []) {
      const s = scope(t);
      switch (name) {
        case 'warnings':
          s.warnings.bySource.push({ source: String(r.source), rule: (r.rule as string | null) ?? null, count: num(r.count) });
          s.warnings.total += num(r.count);
          break;
        case 'verification':
          s.verification = { onTime: num(r.onTime), late: num(r.late), openPastDue: num(r.openPastDue) };
          break;
        case 'disposals':
          s.disposals.push({ outcome: String(r.outcome), count: num(r.count) });
          break;
        case 'referrals': {
          const opened = num(r.opened);
          const closed = num(r.closed);
          s.referrals.push({
            department: String(r.department), opened, closed,
            closureRate: opened === 0 ? null : Math.round((closed / opened) * 1000) / 1000,
            medianWorkingDays: r.medianWorkingDays === null ? null : num(r.medianWorkingDays),
          });
          break;
        }
        case 'assistance':
          s.assistance.push({
            tier: String(r.tier), applications: num(r.applications), enrolments: num(r.enrolments),
            reviews: num(r.reviews), gradualExits: num(r.gradualExits), exits: num(r.exits),
          });
          break;
        case 'payments':
          s.payments.push({ kind: String(r.kind), count: num(r.count), amountFen: num(r.amountFen) });
          break;
        case 'emergencies':
          s.emergencies = { firstAided: num(r.firstAided), firstAidFen: num(r.firstAidFen), approved: num(r.approved), approvedFen: num(r.approvedFen) };
          break;
        case 'conflictRefusals':
          s.conflictRefusals = num(r.count);
          break;
      }
    }
  });
  const total = scope(null);
  const townships = [...scopes.entries()]
    .filter((e): e is [string, ScopeStatistics] => e[0] !== null)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, s]) => ({ townshipCode: code, townshipName: regionName(code) ?? null, ...s }));
  return { ...w, regionName: regionName(w.region) ?? null, total, townships };
}
