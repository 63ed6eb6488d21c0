import { createHash } from 'node:crypto';
import { ScheduleNotFoundError, type Client, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

/** The schedules one deployment owns, each with the prefix that marks its family. */
export interface DesiredSchedules {
  /** Every schedule whose id starts with it belongs to this family; those not desired are removed. */
  prefix: string;
  schedules: ScheduleOptions<ScheduleOptionsStartWorkflowAction<Workflow>>[];
}

export interface ScheduleReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  deleted: string[];
}

/** Kept in the action's memo (a schedule's own memo cannot be updated): the config the schedule was last written from. */
const CONFIG_MEMO = 'aidloopScheduleConfig';

const configHash = (s: DesiredSchedules['schedules'][number]): string =>
  createHash('sha256').update(JSON.stringify({ spec: s.spec, action: { ...s.action, memo: undefined }, policies: s.policies })).digest('hex').slice(0, 16);

/**
 * Makes Temporal's schedules of one family match the configuration: creates
 * the missing ones, updates those whose configuration changed (task queue,
 * arguments, calendar), deletes those no longer configured. Run by one process
 * at deployment (`npm run schedules`), not by every worker, so replicas never
 * race each other. Idempotent.
 */
export async function reconcileSchedules(client: Client, desired: DesiredSchedules): Promise<ScheduleReport> {
  const report: ScheduleReport = { created: [], updated: [], unchanged: [], deleted: [] };
  const wanted = new Set(desired.schedules.map((s) => s.scheduleId));
  for (const schedule of desired.schedules) {
    if (!schedule.scheduleId.startsWith(desired.prefix)) throw new Error(`schedule ${schedule.scheduleId} lacks the prefix ${desired.prefix}`);
    const hash = configHash(schedule);
    const withHash = { ...schedule, action: { ...schedule.action, memo: { ...schedule.action.memo, [CONFIG_MEMO]: hash } } };
    const handle = client.schedule.getHandle(schedule.scheduleId);
    const current = await handle.describe().catch((err: unknown) => {
      if (err instanceof ScheduleNotFoundError) return undefined;
      throw err;
    });
    if (!current) {
      await client.schedule.create(withHash);
      report.created.push(schedule.scheduleId);
    } else if (current.action.memo?.[CONFIG_MEMO] !== hash) {
      const { scheduleId: _id, memo: _memo, ...update } = withHash;
      await handle.update((previous) => ({ ...previous, ...update }));
      report.updated.push(schedule.scheduleId);
    } else {
      report.unchanged.push(schedule.scheduleId);
    }
  }
  for await (const summary of client.schedule.list()) {
    if (summary.scheduleId.startsWith(desired.prefix) && !wanted.has(summary.scheduleId)) {
      await client.schedule.getHandle(summary.scheduleId).delete();
      report.deleted.push(summary.scheduleId);
    }
  }
  return report;
}

export const EXCHANGE_SCHEDULE_PREFIX = 'monthly-exchange-';

/**
 * The monthly data exchange of each county (seed 003 三(二)2) opens on the 1st
 * of every month, Asia/Shanghai, by a Temporal Schedule per county.
 */
export function exchangeSchedules(taskQueue: string, countyCodes: readonly string[]): DesiredSchedules {
  return {
    prefix: EXCHANGE_SCHEDULE_PREFIX,
    schedules: countyCodes.map((countyCode) => ({
      scheduleId: `${EXCHANGE_SCHEDULE_PREFIX}${countyCode}`,
      spec: { cronExpressions: ['0 0 1 * *'], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: 'monthlyExchangeWorkflow', taskQueue, args: [{ countyCode }], workflowId: `${EXCHANGE_SCHEDULE_PREFIX}${countyCode}` },
    })),
  };
}

/**
 * A family of one hourly schedule starting `workflowType` (id = schedule id):
 * overlapping passes are skipped, a day missed while the server was down is
 * caught up once.
 */
export function hourlySchedule(scheduleId: string, workflowType: string, taskQueue: string): DesiredSchedules {
  return {
    prefix: scheduleId,
    schedules: [{
      scheduleId,
      spec: { intervals: [{ every: '1 hour' }] },
      action: { type: 'startWorkflow', workflowType, taskQueue, workflowId: scheduleId },
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    }],
  };
}
