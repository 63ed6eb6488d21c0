import type { Tx } from '../db/pool';
import type { TaskSpec, TaskSubject } from '../domain/taskSpec';

/**
 * Makes the open tasks of a subject exactly `open`: new ones are inserted, a
 * changed due date is applied to a task still open, and every other open task
 * of the subject is completed by `actorId` at `at`, in one statement whatever
 * the number of tasks (the two parts touch disjoint tasks). Idempotent, so
 * activity retries are harmless; callers run it only for their newest event.
 */
export async function syncOpenTasks(tx: Tx, subject: TaskSubject, open: TaskSpec[], at: Date, actorId: string): Promise<void> {
  const column = <K extends keyof TaskSpec>(key: K) => open.map((t) => t[key]);
  await tx.query(
    `WITH opened AS (
       INSERT INTO tasks (task_id, case_id, subject_type, subject_id, subject_region, kind, region_code, department, title, due_on, status, opened_at)
       SELECT t.task_id, CASE WHEN $1 = 'CASE' THEN $2 END, $1, $2, $3, t.kind, t.region_code, t.department, t.title, t.due_on, 'OPEN', $4
         FROM unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::date[]) AS t (task_id, kind, region_code, department, title, due_on)
       ON CONFLICT (task_id) DO UPDATE SET due_on = EXCLUDED.due_on WHERE tasks.status = 'OPEN')
     UPDATE tasks SET status = 'DONE', completed_at = $4, completed_by = $5
      WHERE subject_type = $1 AND subject_id = $2 AND status = 'OPEN' AND NOT (task_id = ANY($6::text[]))`,
    [
      subject.type, subject.id, subject.regionCode, at, actorId, open.map((t) => `${subject.id}/${t.key}`),
      column('kind'), column('regionCode'), column('department'), column('title'), column('dueOn'),
    ],
  );
}
