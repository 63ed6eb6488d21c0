import { addDays, addMonths, type CalendarDate } from './calendarDate';
import type { z } from 'zod';
import type { AssistanceMeasure as Measure } from './caseSchemas';

type AssistanceMeasure = z.infer<typeof Measure>;

/**
 * No 重复救助 (seeds 000, 001 item 8: 一户一条救助链, assistance linked up and not
 * given twice): an assistance item of a kind the household already receives
 * for the same period is a duplicate unless the clerk says why it is not.
 * Pure: the caller gathers what the household receives (api/cases/duplicateAid.ts).
 */

/** Days an aid covers, both ends included; `to` null: still running. */
export interface AidPeriod {
  from: CalendarDate;
  to: CalendarDate | null;
}

/** Something the household (any of its members) already receives. */
export interface ReceivedAid {
  /** Where it is on record: a case's assistance item, an enrolment (低保/特困 pay 基本生活), an emergency's payment (临时救助). */
  source: 'CASE_ITEM' | 'ENROLMENT' | 'EMERGENCY_PAYMENT';
  subjectId: string;
  itemId?: string;
  measure: AssistanceMeasure;
  period: AidPeriod;
  amountFen: number | null;
  description: string;
}

/** The calendar month that contains `date`: the period of a one-off item (救助按月核算发放). */
export function monthOf(date: CalendarDate): AidPeriod {
  const from = `${date.slice(0, 7)}-01`;
  return { from, to: addDays(addMonths(from, 1), -1) };
}

/** Two periods share at least one day. */
export function overlaps(a: AidPeriod, b: AidPeriod): boolean {
  return (a.to === null || b.from <= a.to) && (b.to === null || a.from <= b.to);
}

/** The aid already received that a new item of `measure` for `period` would repeat. */
export function duplicatesOf(measure: AssistanceMeasure, period: AidPeriod, received: readonly ReceivedAid[]): ReceivedAid[] {
  return received.filter((r) => r.measure === measure && overlaps(r.period, period));
}
