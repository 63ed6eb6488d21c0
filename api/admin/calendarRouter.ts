import { Router } from 'express';
import { z } from 'zod';
import { calendarDate } from '../../domain/vocabulary';
import { isWorkingDay } from '../../domain/workingDays';
import { addDays, dayOfWeek } from '../../domain/calendarDate';
import { loadCalendar } from '../../db/calendar';
import type { ApiDeps } from '../deps';
import { badRequest } from '../errors';
import { ADMIN, GENERAL } from '../access';
import { route } from '../route';
import { recalculateDeadlineSignal } from '../../workflows/messages';

export const Year = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const YearNotice = z.object({
  source: z.string().trim().min(1).max(500).describe('the notice loaded, e.g. 国务院办公厅关于2027年部分节假日安排的通知'),
  days: z
    .array(z.object({ date: calendarDate, isWorkday: z.boolean(), name: z.string().trim().max(100).default('') }))
    .max(366)
    .describe('every holiday rest day and make-up workday (调休) of the year; other days follow the weekday rule'),
});

/**
 * The official calendar: the packaged State Council data (chinese-days) plus
 * what administrators load for years it does not cover yet. Loading a year
 * makes deadlines in it no longer provisional.
 */
export function calendarRouter(deps: ApiDeps): Router {
  const r = Router();

  r.get('/admin/calendar/:year', route({ params: Year }, () => GENERAL, async ({ params }, _req, res) => {
    const calendar = await loadCalendar(deps.db);
    const exceptions: { date: string; isWorkday: boolean }[] = [];
    for (let d = `${params.year}-01-01`; d.startsWith(String(params.year)); d = addDays(d, 1)) {
      const weekend = dayOfWeek(d) === 0 || dayOfWeek(d) === 6;
      const work = isWorkingDay(calendar, d);
      if (work === weekend) exceptions.push({ date: d, isWorkday: work });
    }
    res.json({ year: params.year, official: calendar.officialYears.has(params.year), exceptions });
  }));

  r.put('/admin/calendar/:year', route({ params: Year, body: YearNotice, actor: true }, () => ADMIN, async ({ params, body, actor }, _req, res) => {
    const outside = body.days.findIndex((d) => !d.date.startsWith(`${params.year}-`));
    if (outside >= 0) {
      throw badRequest([{ path: `body.days.${outside}.date`, message: `must lie in ${params.year}`, code: 'custom' }]);
    }
    await deps.db.withTransaction(async (tx) => {
      await tx.query(`DELETE FROM calendar_overrides WHERE extract(year FROM date) = $1`, [params.year]);
      for (const d of body.days) {
        await tx.query(
          `INSERT INTO calendar_overrides (date, is_workday, name, loaded_by) VALUES ($1,$2,$3,$4)`,
          [d.date, d.isWorkday, d.name, actor.userId],
        );
      }
      await tx.query(
        `INSERT INTO calendar_official_years (year, source, loaded_by) VALUES ($1,$2,$3)
         ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, loaded_by = EXCLUDED.loaded_by, loaded_at = now()`,
        [params.year, body.source, actor.userId],
      );
    });
    // Deadlines still running that count days in this year are counted again by their workflows.
    const open = await deps.db.query<{ case_id: string }>(
      `SELECT case_id FROM cases WHERE state = 'verifying' AND NOT verification_overdue
          AND received_on <= make_date($1, 12, 31) AND verification_due_on >= make_date($1, 1, 1)`,
      [params.year],
    );
    for (const c of open) {
      await deps.temporal.workflow.getHandle(c.case_id).signal(recalculateDeadlineSignal, actor);
    }
    res.json({ year: params.year, official: true, loaded: body.days.length, deadlinesRecalculating: open.length });
  }));
  return r;
}
