import type { DesiredSchedules } from './schedules';

export const AUDIT_SCHEDULE_ID = 'audit-maintenance';

/**
 * Every hour: archive the runs closed since the last pass and sign a
 * checkpoint of the audit chains (workflows/auditMaintenanceWorkflow.ts).
 * Hourly is far inside any retention the namespace states (30 days on the dev
 * server, see scripts/start-temporal-dev.sh); overlapping passes are skipped.
 * Reconciled with the other schedules by `npm run schedules`.
 */
export function auditSchedules(taskQueue: string): DesiredSchedules {
  return {
    prefix: AUDIT_SCHEDULE_ID,
    schedules: [{
      scheduleId: AUDIT_SCHEDULE_ID,
      spec: { intervals: [{ every: '1 hour' }] },
      action: { type: 'startWorkflow', workflowType: 'auditMaintenanceWorkflow', taskQueue, workflowId: AUDIT_SCHEDULE_ID },
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    }],
  };
}
