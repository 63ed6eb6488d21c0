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
 * Where the counts come from: the tasks' indexes, or the maintained counts per
 * city or county (open steps by due date, migration 024; done steps by day of
 * completion and due month, 027), which serve a province or a city (too many
 * index entries to count at each request) without a kind or subject-type
 * filter (they are not kept per kind).
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

/** The instant `day` ends in Asia/Shanghai (ISO). */
const startOfDayAfter = (day: string) => new Date(startOfShanghaiDay(addDays(day, 1))).toISOString();

/**
 * The steps overdue on `asOf` under a region, as two index scans: steps still
 * open past their due date (range scans of tasks_due_N, migration 011), and,
 * for a past `asOf`, steps done only after it. When `asOf` is today or later
 * nothing can have been done after it, so that part is left out. A county or
 * a township reads those by completed_at (tasks_done_N, 023: few a day); a
 * province or a city completes thousands a day, so it reads them day by day
 * since `asOf`, each day in due order (tasks_done_day_N, 026): a page takes
 * `limit + 1` of each day. A page selects `limit + 1` of each part, in order,
 * after the cursor; counts group each by the child region without reading the
 * rows. A province's or a city's counts without filters take both parts from
 * maintained counts instead (`from: 'open_step_counts'`), read with the deltas
 * not yet folded in, in one statement: the open steps (024) of the months
 * before asOf's month and of its days before asOf, and the steps done on each
 * day after asOf (027) of the due months before asOf's month, plus those due
 * in its month before asOf, from tasks_done_day_N.
 */
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
  // A province's or a city's steps done after asOf (`d`, matching `where`), day by day, then those completed after today (a clock ahead of ours).
  // Each day is its own range scan of tasks_done_day_N: a LIMIT or an OFFSET 0 in `tail` keeps the planner from joining
  // the days to one scan of every step the region ever completed.
  // The days start at the region's first completion (an asOf years back probes no empty days; none done, no days).
  const doneByDay = (select: string, where: string, tail = '') =>
    `SELECT day_rows.* FROM generate_series(
       greatest(${p(addDays(asOf, 1))}::date, coalesce((SELECT min(${completedOn('f')}) FROM tasks f
         WHERE f.status = 'DONE' AND f.due_on IS NOT NULL AND ${atLevelOf('f.subject_region', query.region)} = ${region}), ${p(addDays(today, 1))}::date))::timestamp,
       ${p(today)}::timestamp, interval '1 day') AS g (day)
      CROSS JOIN LATERAL (SELECT ${select} FROM tasks d WHERE d.status = 'DONE' AND ${completedOn('d')} = g.day::date AND ${where} ${tail}) AS day_rows
     UNION ALL
     (SELECT ${select} FROM tasks d WHERE d.status = 'DONE' AND d.completed_at >= ${p(startOfDayAfter(today))}::timestamptz AND ${where} ${tail})`;
  if ('countBy' in page) {
    const child = `left(t.subject_region, ${page.countBy})`;
    if (page.from === 'open_step_counts') {
      const month = p(`${asOf.slice(0, 8)}01`);
      const counted = `c.level = ${page.countBy} AND ${atLevelOf('c.region_code', query.region)} = ${region}`;
      const deltas = `${atLevelOf('d.county', query.region)} = ${region}`;
      const doneAfter = pastDay ? `
                UNION ALL
                SELECT c.region_code, c.done FROM done_step_counts c WHERE ${counted} AND c.done_on > ${before}::date AND c.due_month < ${month}::date
                UNION ALL
                SELECT left(d.county, ${page.countBy}), d.delta FROM done_step_count_deltas d
                 WHERE ${deltas} AND d.done_on > ${before}::date AND d.due_on < ${month}::date
                UNION ALL
                ${doneByDay(`left(d.subject_region, ${page.countBy}), 1`, `${overdue('d')} AND d.due_on >= ${month}::date`, 'OFFSET 0')}` : '';
      return {
        sql: `SELECT region_code, sum(n)::int AS overdue FROM (
                SELECT c.region_code, c.open AS n FROM open_step_counts c
                 WHERE ${counted} AND c.span = 'month' AND c.due_from < ${month}::date
                UNION ALL
                SELECT c.region_code, c.open FROM open_step_counts c
                 WHERE ${counted} AND c.span = 'day' AND c.due_from >= ${month}::date AND c.due_from < ${before}::date
                UNION ALL
                SELECT left(d.county, ${page.countBy}), d.delta FROM open_step_count_deltas d WHERE ${deltas} AND d.due_on < ${before}::date
                ${doneAfter}) s
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
  const doneIds = query.region.length <= 4
    ? `SELECT x.task_id FROM (${doneByDay('d.task_id, d.due_on', overdue('d'), `ORDER BY d.due_on, d.task_id LIMIT ${limit}`)}) x
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
