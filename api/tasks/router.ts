import { Router } from 'express';
import { z } from 'zod';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { Department } from '../../domain/vocabulary';
import { regionName } from '../../domain/regions';
import type { ApiDeps } from '../deps';
import { PageQuery, decodeCursor, pageOf } from '../pagination';
import { RegionCode } from '../regionQuery';
import { route } from '../route';
import { TASK_COLUMNS, TaskKindFilter, atLevelOf, taskView, withCaseState, type TaskRow } from './taskRows';

export const TasksQuery = PageQuery.extend({
  region: RegionCode.describe('inbox region: a township sees its own tasks, a county all of its townships'),
  department: Department.optional(),
  kind: TaskKindFilter,
  overdue: z.stringbool().optional().describe('true: only tasks past their due date; false: only those not'),
});

/** Tasks without a due date sort last. */
const SORT_DUE = `coalesce(t.due_on, 'infinity'::date)`;

/**
 * The inbox: open tasks assigned to a region (and department), oldest due
 * first, a page at a time. Served by the level index of the region
 * (tasks_inbox_N of migration 011): a page reads `limit + 1` index entries.
 */
export function tasksRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/tasks', route({ query: TasksQuery }, ({ query }) => ({ kind: 'list', region: query.region, department: query.department }), async ({ query }, _req, res) => {
    const today = shanghaiDateOf((deps.now ?? Date.now)());
    const after = decodeCursor(query.next, 2);
    const params: unknown[] = [query.region];
    const where = [`t.status = 'OPEN'`, `${atLevelOf('t.region_code', query.region)} = $1`];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.department) where.push(`t.department = ${param(query.department)}`);
    if (query.kind) where.push(`t.kind = ${param(query.kind)}`);
    if (query.overdue !== undefined) where.push(`${SORT_DUE} ${query.overdue ? '<' : '>='} ${param(today)}::date`);
    if (after) where.push(`(${SORT_DUE}, t.task_id) > (${param(after[0])}::date, ${param(after[1])})`);
    const rows = await deps.db.query<TaskRow & { sort_due: string }>(
      withCaseState(
        `SELECT ${TASK_COLUMNS}, ${SORT_DUE} AS sort_due FROM tasks t WHERE ${where.join(' AND ')}
          ORDER BY ${SORT_DUE}, t.task_id LIMIT ${param(query.limit + 1)}`,
        'sort_due, task_id',
      ),
      params,
    );
    res.json({
      region: query.region,
      regionName: regionName(query.region) ?? null,
      ...pageOf(rows, query.limit, (t) => [t.sort_due, t.task_id], (t) => ({ ...taskView(t), overdue: t.due_on !== null && t.due_on < today })),
    });
  }));
  return r;
}
