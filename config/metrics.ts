import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus metrics (prom-client): Node's own (event loop,
 * heap, GC), HTTP by route and status (API), and the domain counters an office
 * watches. The API serves them at /metrics; the worker on
 * AIDLOOP_WORKER_METRICS_PORT. The Temporal SDK's runtime metrics are exported
 * by the SDK itself (worker/telemetry.ts).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpRequests = new Counter({
  name: 'aidloop_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'aidloop_http_request_duration_seconds',
  help: 'HTTP request duration, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
  registers: [registry],
});

export const warningsRaised = new Counter({
  name: 'aidloop_warnings_raised_total',
  help: 'Warnings received that opened a new case, by source',
  labelNames: ['source'] as const,
  registers: [registry],
});

export const stepsOverdue = new Counter({
  name: 'aidloop_steps_overdue_total',
  help: 'Steps that passed their due date undone (escalated), by event',
  labelNames: ['event'] as const,
  registers: [registry],
});

export const moneyPaidFen = new Counter({
  name: 'aidloop_money_paid_fen_total',
  help: 'Money paid out by aidloop (emergency aid), in fen, by basis',
  labelNames: ['basis'] as const,
  registers: [registry],
});
