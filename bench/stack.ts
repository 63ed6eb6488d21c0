import { spawn, type ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { loadEnv } from '../config/env';
import { runMigrations } from '../db/migrate';
import { dataConverterOf } from '../temporal.config';
import { createDb } from '../db/pool';
import { seedDemoPolicy } from '../db/seed';
import { BENCH_APP_URL, BENCH_OWNER_URL, benchAuth } from './support';
import { searchAttributeArgs } from '../workflows/searchAttributes';

/**
 * The service as it runs in production, on this machine's private ports: a
 * Temporal dev server (in memory), the worker and the API as their own
 * processes (`worker/main.ts`, `api/server.ts`), on the bench database.
 */
export const TEMPORAL_PORT = Number(process.env.AIDLOOP_TEMPORAL_PORT ?? 7222);
export const API_PORT = Number(process.env.AIDLOOP_API_PORT ?? 3122);
export const TASK_QUEUE = 'bench-cases';

export interface Stack {
  api: string;
  temporal: Client;
  headersOf: Awaited<ReturnType<typeof benchAuth>>['headersOf'];
  /** Process groups of the stack's parts (for CPU accounting, bench/cpu.ts). */
  groups: { temporal: number; worker: number; api: number };
  stop(): Promise<void>;
}

async function until(what: string, ok: () => Promise<boolean>, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not come up in ${seconds} s`);
}

export async function startStack(apiEnv: Record<string, string> = {}): Promise<Stack> {
  await runMigrations(BENCH_OWNER_URL);
  const owner = createDb(BENCH_OWNER_URL, 1);
  await seedDemoPolicy(owner);
  await owner.close();
  const { headersOf, jwksFile } = await benchAuth();
  const children: ChildProcess[] = [];
  const killChildren = () => {
    for (const child of [...children].reverse()) {
      try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone already */ }
    }
  };
  // A bench that fails or hits its deadline (process.exit) must not leave the stack running on its ports.
  process.once('exit', killChildren);
  const run = (cmd: string, args: string[], env: Record<string, string> = {}) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
    children.push(child);
    return child;
  };
  const temporalServer = run(process.env.TEMPORAL_CLI_PATH ?? 'temporal', ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(TEMPORAL_PORT), '--log-level', 'error', ...searchAttributeArgs()]);
  const address = `127.0.0.1:${TEMPORAL_PORT}`;
  let connection: Connection | undefined;
  await until('Temporal', async () => { connection = await Connection.connect({ address }); return true; });
  const service = {
    TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: TASK_QUEUE, DATABASE_URL: BENCH_APP_URL, AIDLOOP_EXCHANGE_COUNTIES: '',
    AIDLOOP_JWKS_FILE: jwksFile, AIDLOOP_JWT_ISSUER: 'aidloop-bench', AIDLOOP_API_PORT: String(API_PORT), LOG_LEVEL: 'warn',
  };
  // BENCH_CPU_PROF=<dir>: the worker and the API write V8 CPU profiles there when stopped (chrome://inspect, speedscope).
  const profileDir = process.env.BENCH_CPU_PROF;
  const runTs = (file: string, env: Record<string, string>) => (profileDir
    ? run(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--import', 'tsx', file], env)
    : run('npx', ['tsx', file], env));
  const worker = runTs('worker/main.ts', service);
  const apiServer = runTs('api/server.ts', { ...service, ...apiEnv });
  const api = `http://127.0.0.1:${API_PORT}`;
  await until('the API', async () => (await fetch(`${api}/healthz`)).ok);
  const temporal = new Client({ connection: connection!, namespace: 'default', dataConverter: dataConverterOf(loadEnv()) });
  return {
    api, temporal, headersOf,
    groups: { temporal: temporalServer.pid!, worker: worker.pid!, api: apiServer.pid! },
    async stop() {
      await connection?.close();
      process.removeListener('exit', killChildren);
      killChildren();
      await new Promise((r) => setTimeout(r, profileDir ? 8000 : 1000));
    },
  };
}
