import { hourlySchedule, type DesiredSchedules } from './schedules';

export const REFERRAL_STARTS_SCHEDULE_ID = 'referral-starts';

/**
 * Every hour: start the department referrals a case step called for when the
 * API stopped before starting them (workflows/referralStartsWorkflow.ts); the
 * start is idempotent by id. Reconciled with the other schedules by `npm run schedules`.
 */
export const referralSchedules = (taskQueue: string): DesiredSchedules => hourlySchedule(REFERRAL_STARTS_SCHEDULE_ID, 'referralStartsWorkflow', taskQueue);
