import { condition } from '@temporalio/workflow';
import { startOfShanghaiDay, type CalendarDate } from '../domain/calendarDate';

/** Waits until `done()` or the start of `date` in Asia/Shanghai; true if `done()` came first. */
export async function untilDay(date: CalendarDate, done: () => boolean): Promise<boolean> {
  const ms = startOfShanghaiDay(date) - Date.now();
  return ms > 0 ? condition(done, ms) : done();
}
