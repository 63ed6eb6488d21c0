import { loadEnv } from '../config/env';
import { logger } from '../config/logger';
import { connectClient, temporalConfig } from '../temporal.config';
import { exchangeSchedules, reconcileSchedules } from '../worker/schedules';

/**
 * `npm run schedules`: makes the Temporal schedules match the configuration
 * (AIDLOOP_EXCHANGE_COUNTIES, TEMPORAL_TASK_QUEUE). One process runs it at
 * each deployment (scripts/up.sh, the compose file's `schedules` service), never every worker.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const config = temporalConfig(env);
  const client = await connectClient(config);
  try {
    const report = await reconcileSchedules(client, exchangeSchedules(config.taskQueue, env.AIDLOOP_EXCHANGE_COUNTIES));
    logger.info(report, 'schedules reconciled');
  } finally {
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  logger.error({ err }, 'schedules reconciliation failed');
  process.exit(1);
});
