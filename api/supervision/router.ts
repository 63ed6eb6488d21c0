import { Router } from 'express';
import { z } from 'zod';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { calendarDate } from '../../domain/vocabulary';
import { workingDaysAfter } from '../../domain/workingDays';
import { loadCalendar } from '../../db/calendar';
import type { ApiDeps } from '../deps';
import { RegionCode } from '../regionQuery';
import { route } from '../route';

const OverdueQuery = z.object({
  region: RegionCode.describe('a county covers its townships'),
  asOf: calendarDate.optional().describe('the day to look from (default: today, Asia/Shanghai)'),
});

/**
 * Every step under a region that was past its due date on `asOf` and not yet
 * done by then, oldest first, with how many working days it is late. A step's
 * duty starts with its case (a clue received in January was due in March even
 * if it was entered later), so when the task row was written does not matter.
 */
export function supervisionRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/supervision/overdue', route({ query: OverdueQuery }, ({ query }) => ({ kind: 'list', region: query.region }), async ({ query }, _req, res) => {
    const asOf = query.asOf ?? shanghaiDateOf((deps.now ?? Date.now)());
    const [rows, calendar] = await Promise.all([
      deps.db.query<{ due_on: string } & Record<string, unknown>>(
        `SELECT t.task_id AS "taskId", t.subject_type AS "subjectType", t.subject_id AS "subjectId", t.case_id AS "caseId",
                t.kind, t.title, t.region_code AS "regionCode", t.department, t.due_on, t.status,
                t.completed_at AS "completedAt", t.subject_region AS "subjectRegion", c.state AS "caseState"
           FROM tasks t LEFT JOIN cases c USING (case_id)
          WHERE starts_with(t.subject_region, $1) AND t.due_on < $2
            AND (t.completed_at IS NULL OR (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date > $2)
          ORDER BY t.due_on, t.opened_at, t.task_id`,
        [query.region, asOf],
      ),
      loadCalendar(deps.db),
    ]);
    res.json({
      region: query.region,
      asOf,
      steps: rows.map(({ due_on, ...t }) => ({ ...t, dueOn: due_on, workingDaysOverdue: workingDaysAfter(calendar, due_on, asOf) })),
    });
  }));
  return r;
}
