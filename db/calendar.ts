import { buildCalendar } from '../domain/officialCalendar';
import { workingDaysAfter, type WorkingDayCalendar } from '../domain/workingDays';
import type { Db } from './pool';

/**
 * A version of the loaded calendar data: it changes whenever a year is loaded
 * (the admin calendar route rewrites the year's overrides and stamps
 * `loaded_at`), in whichever process that happened.
 */
const VERSION_SQL = `
  SELECT (SELECT count(*) || '/' || coalesce(max(loaded_at)::text, '') FROM calendar_official_years) || '|' ||
         (SELECT count(*) || '/' || coalesce(max(loaded_at)::text, '') FROM calendar_overrides) AS version`;

const cache = new WeakMap<Db, { version: string; calendar: Promise<WorkingDayCalendar> }>();

async function build(db: Db): Promise<WorkingDayCalendar> {
  const [overrides, years] = await Promise.all([
    db.query<{ date: string; is_workday: boolean }>('SELECT date, is_workday FROM calendar_overrides'),
    db.query<{ year: number }>('SELECT year FROM calendar_official_years'),
  ]);
  const calendar = buildCalendar(
    overrides.map((o) => ({ date: o.date, isWorkday: o.is_workday })),
    years.map((y) => y.year),
  );
  workingDaysAfter(calendar, '2000-01-01', '2000-01-02'); // builds its working-day ordinals now, once per version
  return calendar;
}

/**
 * The packaged official calendar merged with what administrators loaded. Built
 * once per calendar version and reused (one tiny version query per call), so
 * its working-day ordinals are computed once too.
 */
export async function loadCalendar(db: Db): Promise<WorkingDayCalendar> {
  const [{ version } = { version: '' }] = await db.query<{ version: string }>(VERSION_SQL);
  const known = cache.get(db);
  if (known?.version === version) return known.calendar;
  const calendar = build(db);
  cache.set(db, { version, calendar });
  calendar.catch(() => { if (cache.get(db)?.calendar === calendar) cache.delete(db); });
  return calendar;
}
