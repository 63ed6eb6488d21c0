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
  const worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, db, temporal: env.client, workflowBundle: bundle, pseudonymKey: TEST_PSEUDONYM_KEY });
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

/**
 * POST with headers, as a township clerk unless told otherwise. A step gets a
 * fresh Idempotency-Key unless the test sends its own, as a client does for
 * each new step (steps that record money require one).
 */
export const poster = (app: Express, defaultHeaders: Record<string, string>) =>
  (path: string, body: object, headers: Record<string, string> = defaultHeaders) => {
    const key = path.includes('/actions/') && !Object.keys(headers).some((h) => h.toLowerCase() === 'idempotency-key') ? { 'Idempotency-Key': `test-${randomUUID()}` } : {};
    return request(app).post(`/api/v1${path}`).set({ ...headers, ...key }).send(body);
  };

/** Reads in API tests go through a county supervisor of the demo county: everything there is in scope. */
const READER: Principal = { userId: 'reader-county', role: 'COUNTY_SUPERVISOR', regionCode: '430681' };

export interface ApiContext<P extends string> {
  readonly harness: ApiHarness;
  readonly env: TestWorkflowEnvironment;
  readonly db: Db;
  readonly app: Express;
  /** Request headers of each named principal, and of `reader`. */
  readonly as: Record<P | 'reader', Record<string, string>>;
  /** GET `url` (with /api/v1) as the reader. */
  get(url: string): request.Test;
  /** POST to `path` (under /api/v1), as the first named principal unless told otherwise. */
  post(path: string, body: object, headers?: Record<string, string>): request.Test;
}

/**
 * One test file's API harness: started before its tests with a token for each
 * named principal, stopped after them.
 */
export function useApiHarness<P extends string>(server: 'time-skipping' | 'dev', principals: Record<P, Principal>): ApiContext<P> {
  let harness: ApiHarness | undefined;
  const as = {} as Record<P | 'reader', Record<string, string>>;
  const names = Object.keys(principals) as P[];
  beforeAll(async () => {
    harness = await startApiHarness(server);
    for (const name of names) as[name] = await harness.as(principals[name]);
    as.reader = await harness.as(READER);
  });
  afterAll(() => harness?.stop());
  const started = (): ApiHarness => {
    if (!harness) throw new Error('the API harness is not started yet');
    return harness;
  };
  return {
    get harness() { return started(); },
    get env() { return started().env; },
    get db() { return started().db; },
    get app() { return started().app; },
    as,
    get: (url) => request(started().app).get(url).set(as.reader),
    post: (path, body, headers) => poster(started().app, as[names[0] as P])(path, body, headers),
  };
}
