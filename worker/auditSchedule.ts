import { hourlySchedule, type DesiredSchedules } from './schedules';

export const AUDIT_SCHEDULE_ID = 'audit-maintenance';

/**
 * Every hour: archive the runs closed since the last pass and sign a
 * checkpoint of the audit chains (workflows/auditMaintenanceWorkflow.ts).
 * Hourly is far inside any retention the namespace states (30 days on the dev
 * server, see scripts/start-temporal-dev.sh). Reconciled with the other
 * schedules by `npm run schedules`.
 */
export const auditSchedules = (taskQueue: string): DesiredSchedules => hourlySchedule(AUDIT_SCHEDULE_ID, 'auditMaintenanceWorkflow', taskQueue);
