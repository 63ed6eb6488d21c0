import { loadEnv } from '../config/env';
import { logger } from '../config/logger';
import { connectClient, temporalConfig } from '../temporal.config';
import { auditSchedules } from '../worker/auditSchedule';
import { referralSchedules } from '../worker/referralSchedule';
import { openStepCountSchedules } from '../worker/openStepCountSchedule';
import { exchangeSchedules, reconcileSchedules } from '../worker/schedules';

/**
 * `npm run schedules`: makes the Temporal schedules match the configuration
 * (the monthly exchanges of AIDLOOP_EXCHANGE_COUNTIES, the hourly audit maintenance, referral starts and open step counts). One process runs it at
 * each deployment (scripts/up.sh, the compose file's `schedules` service), never every worker.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const config = temporalConfig(env);
  const client = await connectClient(config);
  try {
    for (const family of [exchangeSchedules(config.taskQueue, env.AIDLOOP_EXCHANGE_COUNTIES), auditSchedules(config.taskQueue), referralSchedules(config.taskQueue), openStepCountSchedules(config.taskQueue)]) {
      logger.info({ family: family.prefix, ...(await reconcileSchedules(client, family)) }, 'schedules reconciled');
    }
  } finally {
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  logger.error({ err }, 'schedules reconciliation failed');
  process.exit(1);
});
