import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { stepsOverdue } from '../config/metrics';

/** Every subject records a missed due date as an event named …_OVERDUE (VERIFICATION_OVERDUE, DUTIES_OVERDUE, …). */
const OVERDUE = /_OVERDUE$/;

/**
 * Counts steps that went overdue where the worker writes them: a projection
 * activity whose event is an …_OVERDUE one, once it has completed (workflows
 * cannot count: they replay). One interceptor instead of a line in each
 * subject's projection.
 */
export const overdueMetrics: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      const result = await next(input);
      const eventType = (input.args[0] as { eventType?: unknown } | undefined)?.eventType;
      if (typeof eventType === 'string' && OVERDUE.test(eventType)) stepsOverdue.inc({ event: eventType });
      return result;
    },
  },
});
