import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Express } from 'express';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { buildApp } from '../../api/app';
import type { Db } from '../../db/pool';
import { createWorker } from '../../worker/createWorker';
import { testDb } from './db';
import { devServerEnv, timeSkippingEnv, workflowBundle } from './temporal';

export interface ApiHarness {
  env: TestWorkflowEnvironment;
  db: Db;
  app: Express;
  taskQueue: string;
  stop(): Promise<void>;
}

export const TEST_PSEUDONYM_KEY = 'test-pseudonym-key-0123456789';

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
  const app = buildApp({ db, temporal: env.client, taskQueue, pseudonymKey: TEST_PSEUDONYM_KEY, stepTimeoutMs: 15000 });
  return {
    env, db, app, taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      await db.close();
    },
  };
}

/** Polls until `ok` holds (projections land a moment after a workflow moves), then returns the last value. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  return read();
}

/** POST with headers, as a township clerk unless told otherwise. */
export const poster = (app: Express, defaultHeaders: Record<string, string>) =>
  (path: string, body: object, headers: Record<string, string> = defaultHeaders) =>
    request(app).post(`/api/v1${path}`).set(headers).send(body);
