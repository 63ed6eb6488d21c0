import { loadEnv } from '../config/env';
import { logger } from '../config/logger';
import { createDb } from '../db/pool';
import { Client } from '@temporalio/client';
import { connectionOptions, temporalConfig } from '../temporal.config';
import { buildApp } from './app';
import { jwksVerifier } from './auth';
import { apiTemporalConnection } from './temporalConnection';

async function main(): Promise<void> {
  const env = loadEnv();
  const temporal = temporalConfig(env);
  const db = createDb(env.DATABASE_URL);
  const client = new Client({ connection: apiTemporalConnection(connectionOptions(temporal)), namespace: temporal.namespace, dataConverter: temporal.dataConverter });
  const verifyToken = jwksVerifier({ jwksFile: env.AIDLOOP_JWKS_FILE, jwksUrl: env.AIDLOOP_JWKS_URL, issuer: env.AIDLOOP_JWT_ISSUER, audience: 'aidloop',
    maxLifetimeHours: env.AIDLOOP_TOKEN_MAX_HOURS });
  const app = buildApp({
    db, temporal: client, taskQueue: temporal.taskQueue, pseudonymKey: env.AIDLOOP_PSEUDONYM_KEY, stepTimeoutMs: env.AIDLOOP_STEP_TIMEOUT_MS, verifyToken,
    maxInFlightSteps: env.AIDLOOP_MAX_INFLIGHT_STEPS, readinessTimeoutMs: env.AIDLOOP_READINESS_TIMEOUT_MS, codecCorsOrigins: env.AIDLOOP_CODEC_CORS_ORIGINS,
  });
  const server = app.listen(env.AIDLOOP_API_PORT, () => logger.info({ port: env.AIDLOOP_API_PORT }, 'API listening'));
  const shutdown = () => {
    logger.info('API shutting down');
    server.close(() => {
      void Promise.all([client.connection.close(), db.close()]).then(() => process.exit(0));
    });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  logger.error({ err }, 'API failed to start');
  process.exit(1);
});
