import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Db } from '../db/pool';
import { loadEnv } from '../config/env';
import { dataConverterOf } from '../temporal.config';
import { overdueMetrics } from './overdueMetrics';

export const workflowsPath = require.resolve('../workflows');

/**
 * How the workflow code is bundled (the service's workers, the tests', replay).
 * With the SDK's reusable V8 context every workflow run otherwise evaluates
 * every module the workflows import, xstate, zod and all machines, which cost
 * more CPU than the receipt itself. The preloaded ones are pure (no workflow
 * API, no mutable state, deterministic): evaluated once per worker thread,
 * frozen and shared by every run.
 */
export const workflowBundlerOptions = {
  preloadModules: [
    'xstate', 'zod',
    ...['vocabulary', 'calendarDate', 'taskSpec', 'regionCode', 'subjectKind', 'caseMachine', 'caseSchemas', 'caseTasks', 'applicationMachine',
      'applicationSchemas', 'applicationTasks', 'emergencyMachine', 'emergencySchemas', 'emergencyTasks', 'enrolmentMachine', 'enrolmentTasks',
      'exchangeMachine', 'exchangeDuties', 'referralMachine'].map((m) => require.resolve(`../domain/${m}`)),
  ],
};

export type WorkerTuning = Pick<WorkerOptions,
  'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentLocalActivityExecutions' | 'nonStickyToStickyPollRatio'>;

/** A worker for the case task queue; tests pass their own connection and bundle. */
export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  temporal: Client;
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Cache and concurrency (from config/env.ts in the service); the SDK's defaults where absent. */
  tuning?: WorkerTuning;
  /** The payload codec's converter; by default the one AIDLOOP_CODEC_KEYS configures (as the clients use). */
  dataConverter?: DataConverter;
  /** By default the one AIDLOOP_PSEUDONYM_KEY configures (as the API uses). */
  pseudonymKey?: string;
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    dataConverter: opts.dataConverter ?? dataConverterOf(loadEnv()),
    interceptors: { activity: [overdueMetrics] },
    activities: createActivities({ db: opts.db, temporal: opts.temporal, taskQueue: opts.taskQueue, pseudonymKey: opts.pseudonymKey ?? loadEnv().AIDLOOP_PSEUDONYM_KEY }),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath, bundlerOptions: workflowBundlerOptions }),
    ...opts.tuning,
  });
}
