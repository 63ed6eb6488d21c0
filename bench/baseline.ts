import { Router } from 'express';
import { addDays } from '../domain/calendarDate';
import { isWorkingDay, type WorkingDayCalendar } from '../domain/workingDays';
import { buildCalendar } from '../domain/officialCalendar';
import type { Db } from '../db/pool';

/**
 * The baseline: `/supervision/overdue` and `/tasks` as they were before issue 9
 * (main at eeaea14), without authentication: one unbounded query with no index
 * that fits, and the calendar walked one day at a time for every row.
 */
function walkWorkingDaysAfter(calendar: WorkingDayCalendar, from: string, to: string): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (isWorkingDay(calendar, date)) count += 1;
  return count;
}

export const BASELINE_OVERDUE_SQL = `SELECT t.task_id AS "taskId", t.subject_type AS "subjectType", t.subject_id AS "subjectId", t.case_id AS "caseId",
        t.kind, t.title, t.region_code AS "regionCode", t.department, t.due_on, t.status,
        t.completed_at AS "completedAt", t.subject_region AS "subjectRegion", c.state AS "caseState"
   FROM tasks t LEFT JOIN cases c USING (case_id)
  WHERE starts_with(t.subject_region, $1) AND t.due_on < $2
    AND (t.completed_at IS NULL OR (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date > $2)
  ORDER BY t.due_on, t.opened_at, t.task_id`;

export const BASELINE_INBOX_SQL = `SELECT t.task_id AS "taskId", t.subject_type AS "subjectType", t.subject_id AS "subjectId", t.case_id AS "caseId",
        t.kind, t.title, t.region_code AS "regionCode", t.department, t.due_on, t.opened_at AS "openedAt",
        t.subject_region AS "subjectRegion", c.state AS "caseState"
   FROM tasks t LEFT JOIN cases c USING (case_id)
  WHERE t.status = 'OPEN' AND starts_with(t.region_code, $1) AND ($2::text IS NULL OR t.department = $2)
  ORDER BY t.due_on NULLS LAST, t.opened_at, t.task_id`;

export function baselineRouter(db: Db): Router {
  const r = Router();
  r.get('/supervision/overdue', async (req, res) => {
    const region = String(req.query.region);
    const asOf = String(req.query.asOf);
    const rows = await db.query<{ due_on: string } & Record<string, unknown>>(BASELINE_OVERDUE_SQL, [region, asOf]);
    const calendar = buildCalendar(); // main loaded it from the database on every request
    res.json({ region, asOf, steps: rows.map(({ due_on, ...t }) => ({ ...t, dueOn: due_on, workingDaysOverdue: walkWorkingDaysAfter(calendar, due_on, asOf) })) });
  });
  r.get('/tasks', async (req, res) => {
    const region = String(req.query.region);
    const rows = await db.query<{ due_on: string | null } & Record<string, unknown>>(BASELINE_INBOX_SQL, [region, null]);
    res.json({ region, tasks: rows.map(({ due_on, ...t }) => ({ ...t, dueOn: due_on, overdue: due_on !== null && due_on < String(req.query.asOf) })) });
  });
  return r;
}
