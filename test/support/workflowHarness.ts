import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/pool';
import { createWorker } from '../../worker/createWorker';
import { testDb } from './db';
import { timeSkippingEnv, workflowBundle } from './temporal';

export interface WorkflowHarness {
  readonly env: TestWorkflowEnvironment;
  readonly db: Db;
  readonly bundle: WorkflowBundle;
  readonly taskQueue: string;
  /** Runs `fn` while a fresh worker (real activities, real database) serves the task queue. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * A time-skipping test server, the bundled workflow code and PostgreSQL for
 * one test file: started before its tests, torn down after them.
 */
export function useWorkflowHarness(name: string): WorkflowHarness {
  let env: TestWorkflowEnvironment | undefined;
  let db: Db | undefined;
  let bundle: WorkflowBundle | undefined;
  const taskQueue = `${name}-${randomUUID()}`;
  beforeAll(async () => {
    [env, bundle] = await Promise.all([timeSkippingEnv(), workflowBundle()]);
    db = testDb();
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the workflow harness is not started yet');
    return value;
  };
  return {
    get env() { return ready(env); },
    get db() { return ready(db); },
    get bundle() { return ready(bundle); },
    taskQueue,
    async withWorker(fn) {
      const e = ready(env);
      const worker = await createWorker({ connection: e.nativeConnection, namespace: 'default', taskQueue, db: ready(db), temporal: e.client, workflowBundle: ready(bundle) });
      return worker.runUntil(fn);
    },
  };
}
