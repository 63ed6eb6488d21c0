import { buildCalendar } from '../domain/officialCalendar';
import type { WorkingDayCalendar } from '../domain/workingDays';
import type { Db } from './pool';

/** The packaged official calendar merged with what administrators loaded. */
export async function loadCalendar(db: Db): Promise<WorkingDayCalendar> {
  const [overrides, years] = await Promise.all([
    db.query<{ date: string; is_workday: boolean }>('SELECT date, is_workday FROM calendar_overrides'),
    db.query<{ year: number }>('SELECT year FROM calendar_official_years'),
  ]);
  return buildCalendar(
    overrides.map((o) => ({ date: o.date, isWorkday: o.is_workday })),
    years.map((y) => y.year),
  );
}
