import { foldOpenStepDeltas } from '../db/openStepCounts';
import type { ActivityDeps } from './index';

/** The open-step-counts schedule's side effect: fold a batch of count deltas (migrations 024, 027). */
export function createOpenStepCountActivities(deps: ActivityDeps) {
  return {
    foldOpenStepDeltas: async (batch: number): Promise<{ folded: number }> => ({ folded: await foldOpenStepDeltas(deps.db, { batch }) }),
  };
}
