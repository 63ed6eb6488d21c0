import type { CalendarDate } from '../domain/calendarDate';
import type { TaskSubject } from '../domain/taskSpec';
import type { Db } from '../db/pool';

interface TaskRow {
  task_id: string;
  kind: string;
  region_code: string;
  department: string | null;
  title: string;
  due_on: string | null;
  status: 'OPEN' | 'DONE';
  opened_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
}

function taskView(t: TaskRow) {
  return {
    taskId: t.task_id,
    kind: t.kind,
    title: t.title,
    regionCode: t.region_code,
    department: t.department,
    dueOn: t.due_on,
    status: t.status,
    openedAt: t.opened_at,
    completedAt: t.completed_at,
    completedBy: t.completed_by,
  };
}

/** The open (with an overdue flag as of `asOf`) and completed tasks of any subject, for its detail view. */
export async function tasksOfSubject(db: Db, subject: Pick<TaskSubject, 'type' | 'id'>, asOf: CalendarDate) {
  const tasks = await db.query<TaskRow>(
    `SELECT task_id, kind, region_code, department, title, due_on, status, opened_at, completed_at, completed_by
       FROM tasks WHERE subject_type = $1 AND subject_id = $2 ORDER BY opened_at, task_id`,
    [subject.type, subject.id],
  );
  const overdue = (t: TaskRow) => t.status === 'OPEN' && t.due_on !== null && t.due_on < asOf;
  return {
    openTasks: tasks.filter((t) => t.status === 'OPEN').map((t) => ({ ...taskView(t), overdue: overdue(t) })),
    completedTasks: tasks.filter((t) => t.status === 'DONE').map(taskView),
  };
}
