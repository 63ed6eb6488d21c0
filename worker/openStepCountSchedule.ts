import { hourlySchedule, type DesiredSchedules } from './schedules';

export const OPEN_STEP_COUNTS_SCHEDULE_ID = 'open-step-counts';

/**
 * Every hour: fold the step count deltas (open and done steps) into the counts that a
 * province's or a city's overdue counts read (workflows/openStepCountsWorkflow.ts),
 * so those reads stay short. Reconciled with the other schedules by `npm run schedules`.
 */
export const openStepCountSchedules = (taskQueue: string): DesiredSchedules => hourlySchedule(OPEN_STEP_COUNTS_SCHEDULE_ID, 'openStepCountsWorkflow', taskQueue);
