import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client';
import { auditMaintenanceWorkflow } from '../workflows';

export const AUDIT_SCHEDULE_ID = 'audit-maintenance';

/**
 * Every hour: archive the runs closed since the last pass and sign a
 * checkpoint of the audit chains (workflows/auditMaintenanceWorkflow.ts).
 * Hourly is far inside any retention the namespace states (30 days on the dev
 * server, see scripts/start-temporal-dev.sh); overlapping passes are skipped.
 */
export function auditScheduleOptions(taskQueue: string): ScheduleOptions {
  return {
    scheduleId: AUDIT_SCHEDULE_ID,
    spec: { intervals: [{ every: '1 hour' }] },
    action: { type: 'startWorkflow', workflowType: auditMaintenanceWorkflow, taskQueue, workflowId: AUDIT_SCHEDULE_ID },
    policies: { overlap: 'SKIP', catchupWindow: '1 day' },
  };
}

/** Creates the schedule, or brings an existing one to these settings (idempotent: any worker may run it). */
export async function ensureAuditSchedule(client: Client, taskQueue: string): Promise<void> {
  const options = auditScheduleOptions(taskQueue);
  try {
    await client.schedule.create(options);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(AUDIT_SCHEDULE_ID).update((current) => ({ ...current, spec: options.spec, action: options.action, policies: options.policies }));
  }
}
