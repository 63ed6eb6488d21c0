import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Express } from 'express';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AUDIENCE, ensureDevKeys, signToken } from '../../admin/devKeys';
import { buildApp } from '../../api/app';
import { jwksVerifier, type TokenVerifier } from '../../api/auth';
import type { Principal } from '../../domain/access';
import type { Db } from '../../db/pool';
import { createWorker } from '../../worker/createWorker';
import { testDb } from './db';
import { devServerEnv, timeSkippingEnv, workflowBundle } from './temporal';

export { eventually } from './eventually';

export interface ApiHarness {
  env: TestWorkflowEnvironment;
  db: Db;
  app: Express;
  taskQueue: string;
  verifyToken: TokenVerifier;
  /** Headers of a request made by this principal (a bearer token signed with the test keys). */
  as(principal: Principal): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

export const TEST_PSEUDONYM_KEY = 'test-pseudonym-key-0123456789';
const TEST_ISSUER = 'aidloop-test';

/**
 * The API wired to a real Temporal server (the time-skipping test server, or
 * the dev server) with a worker on its own task queue, and PostgreSQL.
 */
export async function startApiHarness(server: 'time-skipping' | 'dev'): Promise<ApiHarness> {
  const [env, bundle] = await Promise.all([server === 'dev' ? devServerEnv() : timeSkippingEnv(), workflowBundle()]);
  const db = testDb();
  const taskQueue = `api-${randomUUID()}`;
  const worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, db, temporal: env.client, workflowBundle: bundle });
  const running = worker.run();
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidloop-test-keys-'));
  const { privateJwk, jwksFile } = await ensureDevKeys(keysDir);
  const verifyToken = jwksVerifier({ jwksFile, issuer: TEST_ISSUER, audience: AUDIENCE });
  const app = buildApp({ db, temporal: env.client, taskQueue, pseudonymKey: TEST_PSEUDONYM_KEY, stepTimeoutMs: 15000, verifyToken });
  return {
    env, db, app, taskQueue, verifyToken,
    as: async (principal) => ({ Authorization: `Bearer ${await signToken(privateJwk, principal, { issuer: TEST_ISSUER })}` }),
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      await db.close();
      fs.rmSync(keysDir, { recursive: true, force: true });
    },
  };
}


/** POST with headers, as a township clerk unless told otherwise. */
export const poster = (app: Express, defaultHeaders: Record<string, string>) =>
  (path: string, body: object, headers: Record<string, string> = defaultHeaders) =>
    request(app).post(`/api/v1${path}`).set(headers).send(body);
