import { loadEnv } from '../config/env';
import { createDb } from '../db/pool';
import { logger } from '../config/logger';
import { connectClient, connectWorker, temporalConfig } from '../temporal.config';
import { createWorker } from './createWorker';
import { installWorkerRuntime, serveWorkerMetrics } from './telemetry';
import { loadCheckpointSigner } from '../admin/checkpointKey';

/**
 * A worker process: JSON logs (the SDK's bridged to pino), the SDK's runtime
 * metrics and this process's own, TLS / API key / payload codec from the
 * environment. Schedules are not touched here: `npm run schedules` reconciles
 * them once per deployment, so any number of workers can run.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  installWorkerRuntime(env);
  const temporal = temporalConfig(env);
  const db = createDb(env.DATABASE_URL);
  const connection = await connectWorker(temporal);
  const client = await connectClient(temporal);
  const worker = await createWorker({ connection, namespace: temporal.namespace, taskQueue: temporal.taskQueue, db, temporal: client, dataConverter: temporal.dataConverter, pseudonymKey: env.AIDLOOP_PSEUDONYM_KEY,
    tuning: {
      maxCachedWorkflows: env.AIDLOOP_WORKER_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTaskExecutions: env.AIDLOOP_WORKER_WORKFLOW_TASKS,
      maxConcurrentActivityTaskExecutions: env.AIDLOOP_WORKER_ACTIVITIES,
      maxConcurrentLocalActivityExecutions: env.AIDLOOP_WORKER_ACTIVITIES,
      // Half the workflow-task polls on the shared queue (the SDK gives it 0.2: one poll of 8): a new workflow's first
      // task lands on one of the queue's partitions (4 by default) and waited seconds for the lone poll to come by.
      nonStickyToStickyPollRatio: 0.5,
    },
  });
  const metrics = env.AIDLOOP_WORKER_METRICS_PORT ? await serveWorkerMetrics(env.AIDLOOP_WORKER_METRICS_PORT) : undefined;
  loadCheckpointSigner(); // fails at start-up, not at the first checkpoint, on a missing key or the dev key in production
  logger.info({ taskQueue: temporal.taskQueue, address: temporal.address, namespace: temporal.namespace, tls: Boolean(temporal.tls), metricsPort: env.AIDLOOP_WORKER_METRICS_PORT }, 'worker started');
  await worker.run(); // returns after SIGINT/SIGTERM once in-flight tasks finish
  metrics?.close();
  await Promise.all([connection.close(), client.connection.close()]);
  await db.close();
}

main().catch((err: unknown) => {
  logger.error({ err }, 'worker failed');
  process.exit(1);
});
