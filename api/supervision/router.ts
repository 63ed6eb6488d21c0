import { Router } from 'express';
import { z } from 'zod';
import { addDays, shanghaiDateOf, startOfShanghaiDay } from '../../domain/calendarDate';
import { calendarDate } from '../../domain/caseSchemas';
import { regionName } from '../../domain/regions';
import { workingDaysAfter } from '../../domain/workingDays';
import { loadCalendar } from '../../db/calendar';
import type { ApiDeps } from '../deps';
import { PageQuery, decodeCursor, pageOf } from '../pagination';
import { RegionCode } from '../regionQuery';
import { route } from '../route';
import { TASK_COLUMNS, atLevelOf, taskView, withCaseState, type TaskRow } from '../tasks/taskRows';

export const OverdueQuery = PageQuery.extend({
  region: RegionCode.describe('a county covers its townships'),
  asOf: calendarDate.optional().describe('the day to look from (default: today, Asia/Shanghai)'),
  kind: z.string().regex(/^[A-Z_]{1,60}$/, 'must be a task kind such as VERIFY').optional(),
  subjectType: z.enum(['CASE', 'APPLICATION', 'ENROLMENT', 'EMERGENCY', 'EXCHANGE']).optional(),
});
type OverdueQuery = z.infer<typeof OverdueQuery>;

/** The region level counts are broken down by: townships for a county (or a township), counties for a city, cities for a province. */
const CHILD_LEVEL: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 9 };

/**
 * The steps overdue on `asOf` under a region, as two index range scans: steps
 * still open past their due date (tasks_due_N of migration 011), and steps
 * done only after `asOf` (few: tasks_done_at). `select` is what each part
 * selects; `tail` is appended to each (order and limit, or grouping).
 */
function overdueParts(query: OverdueQuery, asOf: string, select: string, tail: (p: (v: unknown) => string) => string, after?: (string | number | null)[]) {
  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const common = [`t.due_on IS NOT NULL`, `${atLevelOf('t.subject_region', query.region)} = ${p(query.region)}`, `t.due_on < ${p(asOf)}::date`];
  if (query.kind) common.push(`t.kind = ${p(query.kind)}`);
  if (query.subjectType) common.push(`t.subject_type = ${p(query.subjectType)}`);
  if (after) common.push(`(t.due_on, t.task_id) > (${p(after[0])}::date, ${p(after[1])})`);
  const doneAfter = `t.completed_at >= ${p(new Date(startOfShanghaiDay(addDays(asOf, 1))).toISOString())}::timestamptz`;
  const rest = tail(p);
  const sql = `(SELECT ${select} FROM tasks t WHERE t.status = 'OPEN' AND ${common.join(' AND ')} ${rest})
     UNION ALL
     (SELECT ${select} FROM tasks t WHERE t.status = 'DONE' AND ${doneAfter} AND ${common.join(' AND ')} ${rest})`;
  return { sql, params };
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
    const asOf = query.asOf ?? shanghaiDateOf((deps.now ?? Date.now)());
    const after = decodeCursor(query.next, 2);
    const page = overdueParts(query, asOf, TASK_COLUMNS, (p) => `ORDER BY t.due_on, t.task_id LIMIT ${p(query.limit + 1)}`, after);
    const child = CHILD_LEVEL[query.region.length] ?? 9;
    const counts = after ? undefined : overdueParts(query, asOf, `left(t.subject_region, ${child}) AS region_code`, () => '');
    const [rows, countRows, calendar] = await Promise.all([
      deps.db.query<TaskRow>(withCaseState(page.sql, 'due_on, task_id LIMIT ' + String(query.limit + 1)), page.params),
      counts
        ? deps.db.query<{ region_code: string; overdue: number }>(
          `SELECT region_code, count(*)::int AS overdue FROM (${counts.sql}) s GROUP BY region_code ORDER BY region_code`, counts.params)
        : undefined,
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
