import { Router } from 'express';
import { z } from 'zod';
import { addDays, shanghaiDateOf, startOfShanghaiDay } from '../../domain/calendarDate';
import { calendarDate } from '../../domain/vocabulary';
import { regionName } from '../../domain/regions';
import { workingDaysAfter } from '../../domain/workingDays';
import { loadCalendar } from '../../db/calendar';
import { foldOpenStepDeltas } from '../../db/openStepCounts';
import { logger } from '../../config/logger';
import type { ApiDeps } from '../deps';
import { PageQuery, decodeCursor, pageOf, type CursorKey } from '../pagination';
import { RegionCode } from '../regionQuery';
import { route } from '../route';
import { TASK_COLUMNS, TaskKindFilter, atLevelOf, taskView, withCaseState, type TaskRow } from '../tasks/taskRows';

export const OverdueQuery = PageQuery.extend({
  region: RegionCode.describe('a county covers its townships'),
  asOf: calendarDate.optional().describe('the day to look from (default: today, Asia/Shanghai)'),
  kind: TaskKindFilter,
  subjectType: z.enum(['CASE', 'APPLICATION', 'ENROLMENT', 'EMERGENCY', 'EXCHANGE']).optional(),
});
type OverdueQuery = z.infer<typeof OverdueQuery>;

/** The region level counts are broken down by: townships for a county (or a township), counties for a city, cities for a province. */
const CHILD_LEVEL: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 9 };

/**
 * Where the open part of the counts comes from: the tasks' indexes, or the
 * counts per city or county and due date of migration 024, which serve a
 * province or a city (too many index entries to count at each request)
 * without a kind or subject-type filter (they are not kept per kind).
 */
export type CountSource = 'tasks' | 'open_step_counts';
export const countSourceOf = (query: OverdueQuery): CountSource =>
  query.region.length <= 4 && !query.kind && !query.subjectType ? 'open_step_counts' : 'tasks';
/**
 * The hourly open-step-counts schedule folds the deltas into the counts; a
 * first page that reads them also folds a batch, beside the count (exact
 * either way), once 500 wait (the schedule may be late): reading a few
 * hundred unfolded rows costs ~0.2 ms, folding them ~30 ms.
 */
export const READ_SIDE_FOLD = { threshold: 500, batch: 2000 };

/**
 * The steps overdue on `asOf` under a region, as two index scans: steps still
 * open past their due date (range scans of tasks_due_N, migration 011), and,
 * for a past `asOf`, steps done only after it (tasks_done_N of migration 023,
 * index-only and bounded by the region and completed_at; for a province or a
 * city, whose pages would sort thousands of them, tasks_done_day_N of 026,
 * a page's worth per day since `asOf`). When `asOf` is today
 * or later nothing can have been done after it, so that part is left out. A
 * page selects `limit + 1` of each, in order, after the cursor; counts group
 * each by the child region without reading the rows. A province's or a city's
 * counts without filters take the open part from the maintained counts of
 * migration 024 instead (`from: 'open_step_counts'`): the child regions' count
 * rows of the months before asOf's month and of its days before asOf, plus the
 * deltas not yet folded in, read in one statement; the done-after part is the same.
 */
/** The instant `day` ends in Asia/Shanghai (ISO). */
const startOfDayAfter = (day: string) => new Date(startOfShanghaiDay(addDays(day, 1))).toISOString();

export function overdueSql(query: OverdueQuery, asOf: string, today: string, page: { limit: number; after: CursorKey | undefined } | { countBy: number; from: CountSource }) {
  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const region = p(query.region);
  const before = p(asOf);
  // Only past days have steps done after them; the parameter is added where a query reads them.
  const pastDay = asOf < today;
  const kind = query.kind && p(query.kind);
  const subjectType = query.subjectType && p(query.subjectType);
  const after = 'after' in page && page.after ? [p(page.after[0]), p(page.after[1])] : undefined;
  const overdue = (a: string) => [
    `${a}.due_on IS NOT NULL`, `${atLevelOf(`${a}.subject_region`, query.region)} = ${region}`, `${a}.due_on < ${before}::date`,
    ...(kind ? [`${a}.kind = ${kind}`] : []),
    ...(subjectType ? [`${a}.subject_type = ${subjectType}`] : []),
    ...(after ? [`(${a}.due_on, ${a}.task_id) > (${after[0]}::date, ${after[1]})`] : []),
  ].join(' AND ');
  const open = `t.status = 'OPEN' AND ${overdue('t')}`;
  const done = (a: string) => `${a}.status = 'DONE' AND ${a}.completed_at >= ${p(startOfDayAfter(asOf))}::timestamptz AND ${overdue(a)}`;
  const completedOn = (a: string) => `((${a}.completed_at AT TIME ZONE 'Asia/Shanghai')::date)`;
  if ('countBy' in page) {
    const child = `left(t.subject_region, ${page.countBy})`;
    if (page.from === 'open_step_counts') {
      const month = p(`${asOf.slice(0, 8)}01`);
      const counted = `c.level = ${page.countBy} AND ${atLevelOf('c.region_code', query.region)} = ${region}`;
      return {
        sql: `SELECT region_code, sum(n)::int AS overdue FROM (
                SELECT c.region_code, c.open AS n FROM open_step_counts c
                 WHERE ${counted} AND c.span = 'month' AND c.due_from < ${month}::date
                UNION ALL
                SELECT c.region_code, c.open FROM open_step_counts c
                 WHERE ${counted} AND c.span = 'day' AND c.due_from >= ${month}::date AND c.due_from < ${before}::date
                UNION ALL
                SELECT left(d.county, ${page.countBy}), d.delta FROM open_step_count_deltas d
                 WHERE ${atLevelOf('d.county', query.region)} = ${region} AND d.due_on < ${before}::date
                ${pastDay ? `UNION ALL SELECT ${child}, 1 FROM tasks t WHERE ${done('t')}` : ''}) s
              GROUP BY region_code HAVING sum(n) > 0 ORDER BY region_code`,
        params,
      };
    }
    return {
      sql: `SELECT region_code, count(*)::int AS overdue FROM (
              SELECT ${child} AS region_code FROM tasks t WHERE ${open}
              ${pastDay ? `UNION ALL SELECT ${child} FROM tasks t WHERE ${done('t')}` : ''}) s
            GROUP BY region_code ORDER BY region_code`,
      params,
    };
  }
  const limit = p(page.limit + 1);
  const order = `ORDER BY t.due_on, t.task_id LIMIT ${limit}`;
  const openPage = `SELECT ${TASK_COLUMNS} FROM tasks t WHERE ${open} ${order}`;
  if (!pastDay) return { sql: withCaseState(openPage, 'due_on, task_id'), params };
  const donePage = (d: string) => `(SELECT d.task_id, d.due_on FROM tasks d WHERE ${d} ORDER BY d.due_on, d.task_id LIMIT ${limit})`;
  // A province or a city completes thousands of steps a day: rather than sorting all those done since asOf, the
  // first page's worth of each day since (tasks_done_day_N, migration 026, in due order within a day), merged.
  const doneIds = query.region.length <= 4
    ? `SELECT x.task_id FROM (
         SELECT day_page.* FROM generate_series(${p(addDays(asOf, 1))}::timestamp, ${p(today)}::timestamp, interval '1 day') AS g (day)
          CROSS JOIN LATERAL ${donePage(`d.status = 'DONE' AND ${completedOn('d')} = g.day::date AND ${overdue('d')}`)} AS day_page
         UNION ALL -- completed after today (a clock ahead of ours): read in full
         ${donePage(`d.status = 'DONE' AND d.completed_at >= ${p(startOfDayAfter(today))}::timestamptz AND ${overdue('d')}`)}) x
       ORDER BY x.due_on, x.task_id LIMIT ${limit}`
    : `SELECT d.task_id FROM tasks d WHERE ${done('d')} ORDER BY d.due_on, d.task_id LIMIT ${limit}`;
  return {
    sql: withCaseState(
      `(${openPage})
       UNION ALL
       (SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.task_id IN (${doneIds}) ${order})`,
      `due_on, task_id LIMIT ${limit}`,
    ),
    params,
  };
}

/**
 * Every step under a region that was past its due date on `asOf` and not yet
 * done by then, oldest first, with how many working days it is late, a page at
 * a time; the first page also counts them per township (per county or city
 * for a wider region) from the indexes alone. A step's duty starts with its
 * case (a clue received in January was due in March even if it was entered
 * later), so when the task row was written does not matter.
 */
export function supervisionRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/supervision/overdue', route({ query: OverdueQuery }, ({ query }) => ({ kind: 'list', region: query.region }), async ({ query }, _req, res) => {
    const today = shanghaiDateOf((deps.now ?? Date.now)());
    const asOf = query.asOf ?? today;
    const after = decodeCursor(query.next, 2);
    const page = overdueSql(query, asOf, today, { limit: query.limit, after });
    const from = countSourceOf(query);
    const counts = after ? undefined : overdueSql(query, asOf, today, { countBy: CHILD_LEVEL[query.region.length] ?? 9, from });
    const [rows, countRows, calendar] = await Promise.all([
      deps.db.query<TaskRow>(page.sql, page.params),
      counts && Promise.all([
        deps.db.query<{ region_code: string; overdue: number }>(counts.sql, counts.params),
        // Maintenance: the counts are exact without it, so a failed fold is only reported.
        from === 'open_step_counts' && foldOpenStepDeltas(deps.db, READ_SIDE_FOLD)
          .catch((err: Error & { code?: string }) => logger.warn({ code: err.code, message: err.message }, 'folding open step count deltas failed')),
      ]).then(([countRows]) => countRows),
      loadCalendar(deps.db),
    ]);
    res.json({
      region: query.region,
      regionName: regionName(query.region) ?? null,
      asOf,
      ...(countRows && {
        total: countRows.reduce((sum, c) => sum + c.overdue, 0),
        counts: countRows.map((c) => ({ regionCode: c.region_code, regionName: regionName(c.region_code) ?? null, overdue: c.overdue })),
      }),
      ...pageOf(rows, query.limit, (t) => [t.due_on, t.task_id], (t) => ({
        ...taskView(t),
        workingDaysOverdue: workingDaysAfter(calendar, t.due_on ?? asOf, asOf),
      })),
    });
  }));
  return r;
}
