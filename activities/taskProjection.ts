import type { Tx } from '../db/pool';
import type { TaskSpec, TaskSubject } from '../domain/taskSpec';

/**
 * Makes the open tasks of a subject exactly `open`: new ones are inserted, a
 * changed due date is applied to a task still open, and every other open task
 * of the subject is completed by `actorId` at `at`. Idempotent, so activity
 * retries are harmless; callers run it only for their newest event.
 */
export async function syncOpenTasks(tx: Tx, subject: TaskSubject, open: TaskSpec[], at: Date, actorId: string): Promise<void> {
  const caseId = subject.type === 'CASE' ? subject.id : null;
  for (const t of open) {
    await tx.query(
      `INSERT INTO tasks (task_id, case_id, subject_type, subject_id, subject_region, kind, region_code, department, title, due_on, status, opened_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'OPEN',$11)
       ON CONFLICT (task_id) DO UPDATE SET due_on = EXCLUDED.due_on WHERE tasks.status = 'OPEN'`,
      [`${subject.id}/${t.key}`, caseId, subject.type, subject.id, subject.regionCode, t.kind, t.regionCode, t.department, t.title, t.dueOn, at],
    );
  }
  await tx.query(
    `UPDATE tasks SET status = 'DONE', completed_at = $4, completed_by = $5
      WHERE subject_type = $1 AND subject_id = $2 AND status = 'OPEN' AND NOT (task_id = ANY($3::text[]))`,
    [subject.type, subject.id, open.map((t) => `${subject.id}/${t.key}`), at, actorId],
  );
}
