import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { monthlyExchangeWorkflow } from '../workflows';

/**
 * The monthly data exchange of each county (seed 003 三(二)2) opens on the 1st
 * of every month, Asia/Shanghai, by a Temporal Schedule. Idempotent: an
 * existing schedule is left as it is.
 */
export async function ensureExchangeSchedules(client: Client, taskQueue: string, countyCodes: readonly string[]): Promise<void> {
  for (const countyCode of countyCodes) {
    try {
      await client.schedule.create({
        scheduleId: `monthly-exchange-${countyCode}`,
        spec: { cronExpressions: ['0 0 1 * *'], timezone: 'Asia/Shanghai' },
        action: { type: 'startWorkflow', workflowType: monthlyExchangeWorkflow, taskQueue, args: [{ countyCode }], workflowId: `monthly-exchange-${countyCode}` },
      });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
}
