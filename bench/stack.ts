import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
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

/** A process in its own group (so that stopping it stops what it started: npx, tsx, node). */
function spawnGroup(cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
}

function killGroups(children: ChildProcess[]): void {
  for (const child of [...children].reverse()) {
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone already */ }
  }
}

/** Stops the groups and gives them time to exit (a profiled process writes its profile first). */
async function stopGroups(children: ChildProcess[], waitMs = 1000): Promise<void> {
  killGroups(children);
  await new Promise((r) => setTimeout(r, waitMs));
}

/** A Temporal dev server (in memory) of the pinned CLI on a private port, with the service's search attributes. */
export async function startDevServer(port: number) {
  const child = spawnGroup(process.env.TEMPORAL_CLI_PATH ?? path.join(__dirname, '..', '.tools', 'temporal'),
    ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error', ...searchAttributeArgs()]);
  const address = `127.0.0.1:${port}`;
  let connection: Connection | undefined;
  await until('Temporal', async () => { connection = await Connection.connect({ address }); return true; });
  return { child, address, connection: connection as Connection, stop: () => stopGroups([child]) };
}

export async function startStack(apiEnv: Record<string, string> = {}): Promise<Stack> {
  await runMigrations(BENCH_OWNER_URL);
  const owner = createDb(BENCH_OWNER_URL, 1);
  await seedDemoPolicy(owner);
  await owner.close();
  const { headersOf, jwksFile } = await benchAuth();
  const children: ChildProcess[] = [];
  const killChildren = () => killGroups(children);
  // A bench that fails or hits its deadline (process.exit) must not leave the stack running on its ports.
  process.once('exit', killChildren);
  const run = (cmd: string, args: string[], env: Record<string, string> = {}) => {
    const child = spawnGroup(cmd, args, env);
    children.push(child);
    return child;
  };
  const dev = await startDevServer(TEMPORAL_PORT);
  children.push(dev.child);
  const { address, connection } = dev;
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
  const temporal = new Client({ connection, namespace: 'default', dataConverter: dataConverterOf(loadEnv()) });
  return {
    api, temporal, headersOf,
    groups: { temporal: dev.child.pid!, worker: worker.pid!, api: apiServer.pid! },
    async stop() {
      await connection.close();
      process.removeListener('exit', killChildren);
      await stopGroups(children, profileDir ? 8000 : 1000);
    },
  };
}
