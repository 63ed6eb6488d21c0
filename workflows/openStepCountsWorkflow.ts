import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { foldOpenStepDeltas } = proxyActivities<Activities>({ startToCloseTimeout: '5 minutes', retry: { maximumInterval: '1 minute' } });

/** Deltas folded per activity: ~0.6 s of work each, so a retry repeats little. */
const BATCH = 10_000;

/**
 * One pass of the open-step-counts schedule (worker/openStepCountSchedule.ts):
 * folds the count deltas the task writes appended since the last pass into the
 * counts of migrations 024 and 027, a batch at a time until fewer than a batch remain
 * (bounded, so a huge backlog is finished by the next passes).
 */
export async function openStepCountsWorkflow(): Promise<{ folded: number }> {
  let folded = 0;
  for (let pass = 0; pass < 50; pass++) {
    const batch = await foldOpenStepDeltas(BATCH);
    folded += batch.folded;
    if (batch.folded < BATCH) break;
  }
  return { folded };
}
