import officialData from 'chinese-days/dist/chinese-days.json';
import type { CalendarDate } from './calendarDate';
import type { WorkingDayCalendar } from './workingDays';

/**
 * The State Council's holiday notices as published in the `chinese-days` data
 * package (holidays = rest days, workdays = make-up workdays 调休), merged with
 * the admin-loaded overrides, which win: they carry years the package lacks and
 * corrections to single dates.
 */
export interface CalendarOverride {
  date: CalendarDate;
  isWorkday: boolean;
}

export function buildCalendar(overrides: readonly CalendarOverride[] = [], overrideYears: readonly number[] = []): WorkingDayCalendar {
  const officialDays = new Map<CalendarDate, boolean>();
  const officialYears = new Set<number>(overrideYears);
  for (const date of Object.keys(officialData.holidays)) {
    officialDays.set(date, false);
    officialYears.add(Number(date.slice(0, 4)));
  }
  for (const date of Object.keys(officialData.workdays)) officialDays.set(date, true);
  for (const o of overrides) officialDays.set(o.date, o.isWorkday);
  return { officialDays, officialYears };
}
