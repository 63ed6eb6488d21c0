import { loadCheckpointSigner } from '../admin/checkpointKey';
import { createCheckpoint } from '../admin/checkpoints';
import type { ActivityDeps } from './index';
import { archiveClosedRuns } from './archive';

/** The audit maintenance schedule's side effects: archive closed runs, then sign the chains' heads. */
export function createAuditActivities(deps: ActivityDeps) {
  return {
    archiveClosedRuns: () => archiveClosedRuns(deps),
    async checkpointAuditChains(): Promise<{ checkpointId: string; chains: number }> {
      const cp = await createCheckpoint(deps.db, loadCheckpointSigner());
      return { checkpointId: cp.checkpointId, chains: (JSON.parse(cp.manifest) as { heads: unknown[] }).heads.length };
    },
  };
}
