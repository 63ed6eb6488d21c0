import { startOfShanghaiDay, addDays, type CalendarDate } from '../domain/calendarDate';
import { addWorkingDays } from '../domain/workingDays';
import { loadCalendar } from '../db/calendar';
import { policyValue } from '../db/policy';
import type { Db } from '../db/pool';
import type { VerificationDeadline } from '../workflows/messages';

/**
 * The verification due date: the n-th working day after receipt (n is local
 * policy, 40 in seed 003), on the official calendar with make-up workdays.
 * The step becomes overdue when that day ends in Asia/Shanghai.
 */
export async function verificationDeadline(db: Db, args: { townshipCode: string; receivedOn: CalendarDate }): Promise<VerificationDeadline> {
  const [policy, calendar] = await Promise.all([
    policyValue(db, 'verification.workingDays', args.townshipCode, args.receivedOn),
    loadCalendar(db),
  ]);
  const { dueOn, provisional } = addWorkingDays(calendar, args.receivedOn, policy.value);
  return {
    workingDays: policy.value,
    dueOn,
    provisional,
    overdueAtMs: startOfShanghaiDay(addDays(dueOn, 1)),
    policyVersion: policy.version,
  };
}

/** The same, as the activity a case plans (and recalculates) its deadline with when its input carries none. */
export function createDeadlineActivities({ db }: { db: Db }) {
  return {
    planVerificationDeadline: (args: { townshipCode: string; receivedOn: CalendarDate }) => verificationDeadline(db, args),
  };
}
