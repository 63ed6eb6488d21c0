import { Router } from 'express';
import { z } from 'zod';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { Department } from '../../domain/caseSchemas';
import type { ApiDeps } from '../deps';
import { RegionCode } from '../regionQuery';
import { route } from '../route';

const TasksQuery = z.object({
  region: RegionCode.describe('inbox region: a township sees its own tasks, a county all of its townships'),
  department: Department.optional(),
});

/** The inbox: open tasks assigned to a region (and department), oldest due first. */
export function tasksRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/tasks', route({ query: TasksQuery }, ({ query }) => ({ kind: 'list', region: query.region, department: query.department }), async ({ query }, _req, res) => {
    const rows = await deps.db.query<{ due_on: string | null } & Record<string, unknown>>(
      `SELECT t.task_id AS "taskId", t.subject_type AS "subjectType", t.subject_id AS "subjectId", t.case_id AS "caseId",
              t.kind, t.title, t.region_code AS "regionCode", t.department, t.due_on, t.opened_at AS "openedAt",
              t.subject_region AS "subjectRegion", c.state AS "caseState", t.held_by AS "heldBy", t.held_since AS "heldSince"
         FROM tasks t LEFT JOIN cases c USING (case_id)
        WHERE t.status = 'OPEN' AND starts_with(t.region_code, $1) AND ($2::text IS NULL OR t.department = $2)
        ORDER BY t.due_on NULLS LAST, t.opened_at, t.task_id`,
      [query.region, query.department ?? null],
    );
    const today = shanghaiDateOf((deps.now ?? Date.now)());
    res.json({
      region: query.region,
      tasks: rows.map(({ due_on, ...t }) => ({ ...t, dueOn: due_on, overdue: due_on !== null && due_on < today })),
    });
  }));
  return r;
}
