import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { route } from '../route';

export const TaskParams = z.object({ taskId: z.string().min(1).max(200) });

interface TaskRow {
  region_code: string;
  department: string | null;
  status: string;
  held_by: string | null;
}

const holding = (taskId: string, row: { held_by: string | null; held_since: Date | null }) =>
  ({ taskId, heldBy: row.held_by, heldSince: row.held_since });

/**
 * 认领/释放: a staff member of the task's region takes an open task (it then
 * shows as theirs in the inbox) and gives it back. Claiming one's own task
 * again is a no-op; a task someone else holds is 409 TASK_HELD until they
 * release it (or a county supervisor above releases it for them).
 */
export function taskClaimsRouter(deps: ApiDeps): Router {
  const r = Router();
  const taskOf = async (taskId: string): Promise<TaskRow> => {
    const [row] = await deps.db.query<TaskRow>('SELECT region_code, department, status, held_by FROM tasks WHERE task_id = $1', [taskId]);
    if (!row) throw notFound(`task ${taskId}`);
    return row;
  };
  const access = (action: string) => async ({ params }: { params: { taskId: string } }) => {
    const t = await taskOf(params.taskId);
    return { kind: 'act' as const, action, region: t.region_code, departments: t.department ? [t.department] : [] };
  };
  const refuse = (t: TaskRow) =>
    t.status !== 'OPEN'
      ? new HttpError(409, 'TASK_DONE', 'the task is already done')
      : new HttpError(409, 'TASK_HELD', `the task is held by ${t.held_by}`, { heldBy: t.held_by });

  r.post('/tasks/:taskId/claim', route({ params: TaskParams }, access('claim'), async ({ params, principal }, _req, res) => {
    const [row] = await deps.db.query<{ held_by: string; held_since: Date }>(
      `UPDATE tasks SET held_by = $2, held_since = CASE WHEN held_by = $2 THEN held_since ELSE now() END
        WHERE task_id = $1 AND status = 'OPEN' AND (held_by IS NULL OR held_by = $2) RETURNING held_by, held_since`,
      [params.taskId, principal.userId],
    );
    if (!row) throw refuse(await taskOf(params.taskId));
    res.json(holding(params.taskId, row));
  }));

  r.post('/tasks/:taskId/release', route({ params: TaskParams }, access('release'), async ({ params, principal }, _req, res) => {
    // The holder releases; a county supervisor (the task lies in their region: access checked it) may release anyone's.
    const [row] = await deps.db.query<{ held_by: null; held_since: null }>(
      `UPDATE tasks SET held_by = NULL, held_since = NULL
        WHERE task_id = $1 AND status = 'OPEN' AND (held_by IS NULL OR held_by = $2 OR $3) RETURNING held_by, held_since`,
      [params.taskId, principal.userId, principal.role === 'COUNTY_SUPERVISOR' || principal.role === 'ADMIN'],
    );
    if (!row) throw refuse(await taskOf(params.taskId));
    res.json(holding(params.taskId, row));
  }));
  return r;
}
