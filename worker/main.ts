import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadEnv } from '../config/env';
import { createDb } from '../db/pool';
import { logger } from '../config/logger';
import { temporalConfig } from '../temporal.config';
import { createWorker } from './createWorker';
import { ensureExchangeSchedules } from './schedules';
import { ensureAuditSchedule } from './auditSchedule';
import { loadCheckpointSigner } from '../admin/checkpointKey';

async function main(): Promise<void> {
  const env = loadEnv();
  const temporal = temporalConfig(env);
  const db = createDb(env.DATABASE_URL);
  const connection = await NativeConnection.connect({ address: temporal.address });
  const client = new Client({ connection: await Connection.connect({ address: temporal.address }), namespace: temporal.namespace });
  const worker = await createWorker({ connection, namespace: temporal.namespace, taskQueue: temporal.taskQueue, db, temporal: client });
  await ensureExchangeSchedules(client, temporal.taskQueue, env.AIDLOOP_EXCHANGE_COUNTIES);
  loadCheckpointSigner(); // fails at start-up, not at the first checkpoint, on a missing key or the dev key in production
  await ensureAuditSchedule(client, temporal.taskQueue);
  logger.info({ taskQueue: temporal.taskQueue, address: temporal.address, exchangeCounties: env.AIDLOOP_EXCHANGE_COUNTIES }, 'worker started');
  await worker.run(); // returns after SIGINT/SIGTERM once in-flight tasks finish
  await Promise.all([connection.close(), client.connection.close()]);
  await db.close();
}

main().catch((err: unknown) => {
  logger.error({ err }, 'worker failed');
  process.exit(1);
});
