import http from 'node:http';
import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';
import type { Env } from '../config/env';
import { logger } from '../config/logger';
import { registry } from '../config/metrics';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error',
};

/**
 * The worker process's Temporal runtime: the SDK's own logs (worker, workflow
 * `log`, and Core's, forwarded) go through the one pino logger as JSON lines;
 * the SDK's runtime metrics (task slots, poll latencies, schedule-to-start,
 * sticky cache …) are exported by Core's Prometheus endpoint when
 * AIDLOOP_TEMPORAL_METRICS_ADDRESS is set. Installed once, before any connection.
 */
export function installWorkerRuntime(env: Pick<Env, 'AIDLOOP_TEMPORAL_METRICS_ADDRESS'>): void {
  Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => logger[PINO_LEVEL[level]]({ temporal: meta }, message)),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} },
      ...(env.AIDLOOP_TEMPORAL_METRICS_ADDRESS ? { metrics: { prometheus: { bindAddress: env.AIDLOOP_TEMPORAL_METRICS_ADDRESS } } } : {}),
    },
  });
}

/** The worker's own prom-client metrics (domain counters, Node's) on GET /metrics at `port`. */
export function serveWorkerMetrics(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve) => server.listen(port, () => resolve(server)));
}
