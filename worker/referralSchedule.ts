import type { DesiredSchedules } from './schedules';

export const REFERRAL_STARTS_SCHEDULE_ID = 'referral-starts';

/**
 * Every hour: start the department referrals a case step called for when the
 * API stopped before starting them (workflows/referralStartsWorkflow.ts); the
 * start is idempotent by id. Reconciled with the other schedules by `npm run schedules`.
 */
export function referralSchedules(taskQueue: string): DesiredSchedules {
  return {
    prefix: REFERRAL_STARTS_SCHEDULE_ID,
    schedules: [{
      scheduleId: REFERRAL_STARTS_SCHEDULE_ID,
      spec: { intervals: [{ every: '1 hour' }] },
      action: { type: 'startWorkflow', workflowType: 'referralStartsWorkflow', taskQueue, workflowId: REFERRAL_STARTS_SCHEDULE_ID },
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    }],
  };
}
