import fc from 'fast-check';
import { addDays } from '../../domain/calendarDate';
import { AssistanceMeasure } from '../../domain/caseSchemas';
import { duplicatesOf, monthOf, overlaps, type AidPeriod, type ReceivedAid } from '../../domain/duplicateAid';

const arbDate = fc.integer({ min: 0, max: 3_000 }).map((d) => addDays('2024-01-01', d));
const arbPeriod: fc.Arbitrary<AidPeriod> = fc
  .tuple(arbDate, fc.option(fc.integer({ min: 0, max: 800 }), { nil: null }))
  .map(([from, days]) => ({ from, to: days === null ? null : addDays(from, days) }));
const arbMeasure = fc.constantFrom(...AssistanceMeasure.options);
const arbReceived: fc.Arbitrary<ReceivedAid> = fc.record({
  source: fc.constantFrom('CASE_ITEM', 'ENROLMENT', 'EMERGENCY_PAYMENT' as const),
  subjectId: fc.stringMatching(/^[a-z]{1,8}$/),
  measure: arbMeasure,
  period: arbPeriod,
  amountFen: fc.option(fc.nat(), { nil: null }),
  description: fc.constant('救助'),
});

describe('no 重复救助: the pure rule', () => {
  it('a month is its first to its last day, whatever the month', () => {
    expect(monthOf('2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthOf('2028-02-29')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthOf('2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('flags the same kind in an overlapping period only', () => {
    const nov = monthOf('2026-11-28');
    const received: ReceivedAid[] = [
      { source: 'CASE_ITEM', subjectId: 'case-a', itemId: 'item-1', measure: 'TEMPORARY', period: monthOf('2026-11-02'), amountFen: 80000, description: '临时救助' },
      { source: 'CASE_ITEM', subjectId: 'case-a', itemId: 'item-2', measure: 'TEMPORARY', period: monthOf('2026-10-31'), amountFen: 50000, description: '上月临时救助' },
      { source: 'ENROLMENT', subjectId: 'enr-1', measure: 'BASIC_LIVING', period: { from: '2025-03-01', to: null }, amountFen: 45000, description: 'DIBAO' },
      { source: 'ENROLMENT', subjectId: 'enr-0', measure: 'BASIC_LIVING', period: { from: '2020-03-01', to: '2024-02-29' }, amountFen: 30000, description: 'DIBAO' },
    ];
    expect(duplicatesOf('TEMPORARY', nov, received).map((r) => r.itemId)).toEqual(['item-1']);
    expect(duplicatesOf('BASIC_LIVING', nov, received).map((r) => r.subjectId)).toEqual(['enr-1']);
    expect(duplicatesOf('MEDICAL', nov, received)).toEqual([]);
  });

  it('overlap is symmetric, reflexive, and two months overlap exactly when they are the same month', () => {
    fc.assert(fc.property(arbPeriod, arbPeriod, (a, b) => {
      expect(overlaps(a, b)).toBe(overlaps(b, a));
      expect(overlaps(a, a)).toBe(true);
    }));
    fc.assert(fc.property(arbDate, arbDate, (d, e) => {
      expect(overlaps(monthOf(d), monthOf(e))).toBe(d.slice(0, 7) === e.slice(0, 7));
      const m = monthOf(d);
      expect(m.from <= d && d <= (m.to ?? '')).toBe(true);
    }));
  });

  it('overlap means a shared day: some day of one lies in the other', () => {
    fc.assert(fc.property(arbPeriod, arbPeriod, (a, b) => {
      const inside = (p: AidPeriod, day: string) => p.from <= day && (p.to === null || day <= p.to);
      const shared = inside(a, b.from) || inside(b, a.from);
      expect(overlaps(a, b)).toBe(shared);
    }));
  });

  it('flags exactly the received aid of the same kind sharing a day, and never another kind', () => {
    fc.assert(fc.property(arbMeasure, arbPeriod, fc.array(arbReceived, { maxLength: 12 }), (measure, period, received) => {
      const flagged = duplicatesOf(measure, period, received);
      expect(flagged.every((r) => r.measure === measure && overlaps(r.period, period))).toBe(true);
      expect(received.filter((r) => !flagged.includes(r)).every((r) => r.measure !== measure || !overlaps(r.period, period))).toBe(true);
      // What one receives again for the same period is always a duplicate of itself.
      expect(received.every((r) => duplicatesOf(r.measure, r.period, [r]).length === 1)).toBe(true);
    }));
  });
});
