import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { archiveClosedRuns, checkpointAuditChains } = proxyActivities<Activities>({
  // Archiving a namespace's first backlog reads many histories.
  startToCloseTimeout: '30 minutes',
  retry: { maximumInterval: '5 minutes' },
});

/**
 * Started by the `audit-maintenance` Schedule (worker/auditSchedule.ts): copies
 * every newly closed run into the history archive, then signs a checkpoint of
 * every audit chain's head, which so also covers the archive digests just appended.
 */
export async function auditMaintenanceWorkflow(): Promise<{ archived: number; checkpointId: string }> {
  const { archived } = await archiveClosedRuns();
  const { checkpointId } = await checkpointAuditChains();
  return { archived, checkpointId };
}
