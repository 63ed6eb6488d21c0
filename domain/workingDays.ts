import { addDays, dayOfWeek, yearOf, type CalendarDate } from './calendarDate';

/**
 * The official mainland working-day calendar: Monday–Friday work, except the
 * State Council's public holidays (rest) and make-up workdays (调休, work on a
 * weekend). `officialDays` holds every such exception we know of; a year not
 * in `officialYears` has not been published (or loaded) yet: only its statutory
 * holidays are known, so results that count days in it are provisional.
 */
export interface WorkingDayCalendar {
  officialDays: ReadonlyMap<CalendarDate, boolean>;
  officialYears: ReadonlySet<number>;
}

export function isWorkingDay(calendar: WorkingDayCalendar, date: CalendarDate): boolean {
  const official = calendar.officialDays.get(date);
  if (official !== undefined) return official;
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6;
}

export interface WorkingDayDeadline {
  dueOn: CalendarDate;
  /** True when any day counted lies in a year without official calendar data. */
  provisional: boolean;
}

/**
 * The n-th working day after `start`. Civil Code art. 201: the day of the event
 * is not counted; counting working days makes art. 203 (a period ending on a rest
 * day moves to the next working day) hold by construction. Seed 003: provincial
 * clues are verified "在收到预警信息线索40个工作日内".
 */
export function addWorkingDays(calendar: WorkingDayCalendar, start: CalendarDate, n: number): WorkingDayDeadline {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a positive integer, got ${n}`);
  let date = start;
  let counted = 0;
  let provisional = false;
  while (counted < n) {
    date = addDays(date, 1);
    if (!calendar.officialYears.has(yearOf(date))) provisional = true;
    if (isWorkingDay(calendar, date)) counted += 1;
  }
  return { dueOn: date, provisional };
}

/** Working days in (from, to]: how many working days `to` lies after `from` (0 if not after). */
export function workingDaysAfter(calendar: WorkingDayCalendar, from: CalendarDate, to: CalendarDate): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    if (isWorkingDay(calendar, date)) count += 1;
  }
  return count;
}
