import fc from 'fast-check';
import { isWorkday as officialIsWorkday } from 'chinese-days';
import { addDays } from '../../domain/calendarDate';
import { buildCalendar, statutoryRestDays } from '../../domain/officialCalendar';
import { addWorkingDays, isWorkingDay, workingDaysAfter, type WorkingDayCalendar } from '../../domain/workingDays';

const calendar = buildCalendar();

/** The definition, one day at a time: what the ordinal arithmetic must equal. */
function walkAdd(cal: WorkingDayCalendar, start: string, n: number): { dueOn: string; provisional: boolean } {
  let date = start;
  let counted = 0;
  let provisional = false;
  while (counted < n) {
    date = addDays(date, 1);
    if (!cal.officialYears.has(Number(date.slice(0, 4)))) provisional = true;
    if (isWorkingDay(cal, date)) counted += 1;
  }
  return { dueOn: date, provisional };
}
function walkCount(cal: WorkingDayCalendar, from: string, to: string): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (isWorkingDay(cal, date)) count += 1;
  return count;
}

describe('official working-day calendar', () => {
  it.each([
    ['2025-09-26', 1, '2025-09-28', 'the Sunday before National Day 2025 is a make-up workday'],
    ['2025-09-30', 1, '2025-10-09', 'National Day 2025 (Oct 1–8) is skipped whole'],
    ['2026-02-13', 1, '2026-02-14', 'the Saturday before Spring Festival 2026 is a make-up workday'],
    ['2026-02-13', 2, '2026-02-24', 'Spring Festival 2026 (Feb 15–23) is skipped whole'],
    ['2025-12-31', 1, '2026-01-04', 'across the year boundary, New Year 2026 then its make-up Sunday'],
    ['2026-01-20', 40, '2026-03-23', '40 working days across Spring Festival with two make-up Saturdays'],
    ['2025-08-20', 40, '2025-10-21', '40 working days across National Day 2025'],
    ['2026-08-25', 40, '2026-10-26', '40 working days across National Day 2026 (make-up Sep 20 and Oct 10)'],
  ])('%s + %i working days = %s: %s', (start, n, due) => {
    expect(addWorkingDays(calendar, start, n)).toEqual({ dueOn: due, provisional: false });
  });

  it('does not count the day of receipt (Civil Code art. 201)', () => {
    expect(addWorkingDays(calendar, '2026-03-02', 1).dueOn).toBe('2026-03-03');
  });

  it('marks a due date provisional when the period reaches a year without official data', () => {
    const result = addWorkingDays(calendar, '2026-12-15', 40);
    expect(result.provisional).toBe(true);
    expect(isWorkingDay(calendar, result.dueOn)).toBe(true);
  });

  it('rests on the statutory holidays of a year not yet published (New Year 2027, Spring Festival 2027-02-05..08)', () => {
    expect(addWorkingDays(calendar, '2026-11-27', 40)).toEqual({ dueOn: '2027-01-25', provisional: true });
    expect(addWorkingDays(calendar, '2027-02-04', 1)).toEqual({ dueOn: '2027-02-09', provisional: true });
  });

  it.each([2025, 2026])('computes the statutory holidays of %i, each a rest day in the published notice', (year) => {
    const days = statutoryRestDays(year);
    expect(new Set(days).size).toBe(13);
    for (const date of days) expect({ date, workday: officialIsWorkday(date) }).toEqual({ date, workday: false });
  });

  it('uses an administrator-loaded year and then is no longer provisional', () => {
    const loaded = buildCalendar(
      [
        { date: '2027-01-01', isWorkday: false },
        { date: '2027-01-04', isWorkday: false },
        { date: '2027-01-09', isWorkday: true },
      ],
      [2027],
    );
    expect(addWorkingDays(loaded, '2026-12-31', 1)).toEqual({ dueOn: '2027-01-05', provisional: false });
    expect(addWorkingDays(loaded, '2027-01-08', 1)).toEqual({ dueOn: '2027-01-09', provisional: false });
  });

  it('agrees with the chinese-days package on every date it publishes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8400 }), (offset) => {
        const date = addDays('2004-01-01', offset);
        expect(isWorkingDay(calendar, date)).toBe(officialIsWorkday(date));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a working day exactly n working days after the start, and the first such day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8300 }), fc.integer({ min: 1, max: 60 }), (offset, n) => {
        const start = addDays('2004-01-01', offset);
        const { dueOn } = addWorkingDays(calendar, start, n);
        expect(isWorkingDay(calendar, dueOn)).toBe(true);
        expect(workingDaysAfter(calendar, start, dueOn)).toBe(n);
        expect(workingDaysAfter(calendar, start, addDays(dueOn, -1))).toBe(n - 1);
      }),
      { numRuns: 500 },
    );
  });

  it('counts by ordinals exactly as the day-by-day walk does, on the packaged and on a loaded calendar', () => {
    const loaded = buildCalendar([{ date: '2027-01-04', isWorkday: false }, { date: '2027-01-09', isWorkday: true }], [2027]);
    fc.assert(
      fc.property(
        fc.constantFrom(calendar, loaded),
        fc.integer({ min: -2000, max: 30000 }),
        fc.integer({ min: -30, max: 400 }),
        fc.integer({ min: 1, max: 365 }),
        (cal, offset, span, n) => {
          const start = addDays('2004-01-01', offset);
          expect(addWorkingDays(cal, start, n)).toEqual(walkAdd(cal, start, n));
          expect(workingDaysAfter(cal, start, addDays(start, span))).toBe(walkCount(cal, start, addDays(start, span)));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('widens its ordinals for dates far outside the usual span', () => {
    expect(addWorkingDays(calendar, '1960-12-30', 3)).toEqual(walkAdd(calendar, '1960-12-30', 3));
    expect(workingDaysAfter(calendar, '2100-01-01', '2100-03-01')).toBe(walkCount(calendar, '2100-01-01', '2100-03-01'));
  });

  it('rejects a non-positive number of working days', () => {
    expect(() => addWorkingDays(calendar, '2026-01-05', 0)).toThrow(RangeError);
  });
});
