import fc from 'fast-check';
import { isCalendarDate } from '../../domain/calendarDate';

/** The oracle: what the JavaScript calendar makes of the day (slow, but obviously right). */
const byDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};
const pad = (n: number, w: number) => String(n).padStart(w, '0');

it('accepts exactly the days of the calendar, leap years included', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
    const v = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
    return isCalendarDate(v) === byDate(v);
  }), { numRuns: 20_000 });
  expect(['2024-02-29', '2000-02-29', '2026-12-31'].every(isCalendarDate)).toBe(true);
  expect(['1900-02-29', '2026-02-29', '2026-04-31', '2026-1-01', '2026-01-01T00:00', ''].some(isCalendarDate)).toBe(false);
});
