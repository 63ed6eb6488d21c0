import officialData from 'chinese-days/dist/chinese-days.json';
import { getSolarDateFromLunar, getSolarTermDate } from 'chinese-days';
import { addDays, type CalendarDate } from './calendarDate';
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

/** How many years past the published data the statutory holidays are filled in. */
const STATUTORY_HORIZON_YEARS = 10;

/**
 * The statutory public holidays of 《全国年节及纪念日放假办法》 (2024 revision): 元旦 1
 * day, 春节 4 (除夕 to 正月初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3. Before a
 * year's notice is published these are certainly rest days; the notice adds
 * bridge days and make-up workdays, so deadlines in such a year stay provisional.
 */
export function statutoryRestDays(year: number): CalendarDate[] {
  const lunar = (month: number, day: number) =>
    getSolarDateFromLunar(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).date;
  const springFestival = lunar(1, 1);
  return [
    `${year}-01-01`,
    addDays(springFestival, -1),
    springFestival,
    addDays(springFestival, 1),
    addDays(springFestival, 2),
    getSolarTermDate(year, 4, 'pure_brightness'),
    `${year}-05-01`,
    `${year}-05-02`,
    lunar(5, 5),
    lunar(8, 15),
    `${year}-10-01`,
    `${year}-10-02`,
    `${year}-10-03`,
  ];
}

export function buildCalendar(overrides: readonly CalendarOverride[] = [], overrideYears: readonly number[] = []): WorkingDayCalendar {
  const officialDays = new Map<CalendarDate, boolean>();
  const officialYears = new Set<number>(overrideYears);
  for (const date of Object.keys(officialData.holidays)) {
    officialDays.set(date, false);
    officialYears.add(Number(date.slice(0, 4)));
  }
  for (const date of Object.keys(officialData.workdays)) officialDays.set(date, true);
  const lastPublished = Math.max(...officialYears);
  for (let year = lastPublished + 1; year <= lastPublished + STATUTORY_HORIZON_YEARS; year++) {
    if (officialYears.has(year)) continue;
    for (const date of statutoryRestDays(year)) officialDays.set(date, false);
  }
  for (const o of overrides) officialDays.set(o.date, o.isWorkday);
  return { officialDays, officialYears };
}
