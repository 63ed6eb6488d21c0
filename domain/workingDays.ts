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

const DAY_MS = 86_400_000;
const dayNumber = (date: CalendarDate): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOfDayNumber = (day: number): CalendarDate => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Working-day ordinals over a span of days: `ordinal[i]` is how many working
 * days lie in [first, first + i], `workday[k]` is the day number of the
 * (k+1)-th. Counting between two dates, or finding the n-th working day after
 * one, is then two array reads instead of a walk over the calendar. Built once
 * per calendar object (a calendar version: `loadCalendar` builds a new object
 * when a year is loaded) and widened when a date outside the span is asked.
 */
interface OrdinalIndex {
  first: number;
  ordinal: Int32Array;
  workday: Int32Array;
}

const indexes = new WeakMap<WorkingDayCalendar, OrdinalIndex>();
/** The span built at first use: every date a deadline of this service is likely to touch. */
const DEFAULT_SPAN = { first: dayNumber('2000-01-01'), last: dayNumber('2060-12-31') };

function buildIndex(calendar: WorkingDayCalendar, first: number, last: number): OrdinalIndex {
  const ordinal = new Int32Array(last - first + 1);
  const workdays: number[] = [];
  for (let day = first; day <= last; day++) {
    if (isWorkingDay(calendar, dateOfDayNumber(day))) workdays.push(day);
    ordinal[day - first] = workdays.length;
  }
  return { first, ordinal, workday: Int32Array.from(workdays) };
}

/** The index of `calendar`, covering at least days [from, to]. */
function indexCovering(calendar: WorkingDayCalendar, from: number, to: number): OrdinalIndex {
  const known = indexes.get(calendar);
  if (known && from >= known.first && to < known.first + known.ordinal.length) return known;
  const first = Math.min(from, known?.first ?? DEFAULT_SPAN.first);
  const last = Math.max(to, known ? known.first + known.ordinal.length - 1 : DEFAULT_SPAN.last);
  const index = buildIndex(calendar, first, last);
  indexes.set(calendar, index);
  return index;
}

/** True when a year in [fromYear, toYear] has no official calendar data. */
function anyProvisionalYear(calendar: WorkingDayCalendar, fromYear: number, toYear: number): boolean {
  for (let year = fromYear; year <= toYear; year++) if (!calendar.officialYears.has(year)) return true;
  return false;
}

/**
 * The n-th working day after `start`. Civil Code art. 201: the day of the event
 * is not counted; counting working days makes art. 203 (a period ending on a rest
 * day moves to the next working day) hold by construction. Seed 003: provincial
 * clues are verified "在收到预警信息线索40个工作日内".
 */
export function addWorkingDays(calendar: WorkingDayCalendar, start: CalendarDate, n: number): WorkingDayDeadline {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a positive integer, got ${n}`);
  const startDay = dayNumber(start);
  // n working days never take more than 2n + 60 calendar days (the longest run of rest days is 9).
  const index = indexCovering(calendar, startDay, startDay + 2 * n + 60);
  const dueDay = index.workday[index.ordinal[startDay - index.first]! + n - 1]!;
  const dueOn = dateOfDayNumber(dueDay);
  return { dueOn, provisional: anyProvisionalYear(calendar, yearOf(addDays(start, 1)), yearOf(dueOn)) };
}

/** Working days in (from, to]: how many working days `to` lies after `from` (0 if not after). */
export function workingDaysAfter(calendar: WorkingDayCalendar, from: CalendarDate, to: CalendarDate): number {
  if (to <= from) return 0;
  const fromDay = dayNumber(from);
  const toDay = dayNumber(to);
  const index = indexCovering(calendar, fromDay, toDay);
  return index.ordinal[toDay - index.first]! - index.ordinal[fromDay - index.first]!;
}
