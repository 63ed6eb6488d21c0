import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { startMissingReferrals } = proxyActivities<Activities>({ startToCloseTimeout: '5 minutes', retry: { maximumInterval: '1 minute' } });

/**
 * One pass of the referral reconciliation (Temporal Schedule, worker/referralSchedule.ts):
 * starts the department referrals that a case step called for but the API did
 * not get to start, in bounded batches until none is missing (in one region
 * when given; the schedule runs it for all).
 */
export async function referralStartsWorkflow(scope: { region?: string } = {}): Promise<{ started: number }> {
  let started = 0;
  for (let batch = 0; batch < 20; batch++) {
    const pass = await startMissingReferrals({ limit: 200, region: scope.region ?? '' });
    started += pass.started;
    if (pass.started === 0) break;
  }
  return { started };
}
