import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runMigrations } from '../../db/migrate';
import { seedDemoPolicy } from '../../db/seed';
import { createDb } from '../../db/pool';
import { temporalCliPath } from '../support/env';
import { TEST_LOG_DIR } from '../support/logScan';
import { searchAttributeArgs } from '../../workflows/searchAttributes';

/**
 * Private servers for the fault tests, which stop and restart them: a
 * throwaway PostgreSQL cluster (initdb in a temp dir, run as `postgres` when
 * we are root, since it refuses to run as root) and a Temporal dev server
 * with its own SQLite file, so its state survives a restart.
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const pgBin = (): string => {
  const versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  return `/usr/lib/postgresql/${versions[versions.length - 1]}/bin`;
};
const asPostgres = (cmd: string, args: string[]) =>
  process.getuid?.() === 0 ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' }) : execFileSync(cmd, args, { stdio: 'pipe' });

export interface PrivatePostgres {
  ownerUrl: string;
  appUrl: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = fs.mkdtempSync(path.join('/tmp', 'aidloop-faults-pg-'));
  const port = await freePort();
  const data = path.join(dir, 'data');
  fs.mkdirSync(data);
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:', dir]);
  fs.chmodSync(dir, 0o755);
  const bin = pgBin();
  asPostgres(`${bin}/initdb`, ['-D', data, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C']);
  const start = () => asPostgres(`${bin}/pg_ctl`, ['-D', data, '-l', path.join(dir, 'pg.log'), '-w', '-t', '30',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  const stop = () => asPostgres(`${bin}/pg_ctl`, ['-D', data, '-w', '-m', 'fast', 'stop']);
  start();
  const admin = createDb(`postgres://postgres@127.0.0.1:${port}/postgres`, 1);
  await admin.query(`CREATE ROLE aidloop LOGIN PASSWORD 'aidloop'`);
  await admin.query(`CREATE ROLE aidloop_app LOGIN PASSWORD 'aidloop_app'`);
  await admin.query('CREATE DATABASE aidloop OWNER aidloop');
  await admin.close();
  const ownerUrl = `postgres://aidloop:aidloop@127.0.0.1:${port}/aidloop`;
  await runMigrations(ownerUrl);
  const owner = createDb(ownerUrl, 1);
  await seedDemoPolicy(owner);
  await owner.close();
  return {
    ownerUrl,
    appUrl: `postgres://aidloop_app:aidloop_app@127.0.0.1:${port}/aidloop`,
    stop,
    start,
    destroy() {
      try { stop(); } catch { /* already stopped */ }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivateTemporal {
  address: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`port ${port} did not open`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startPrivateTemporal(): Promise<PrivateTemporal> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidloop-faults-temporal-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(temporalCliPath(), ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless',
      '--db-filename', path.join(dir, 'temporal.db'), '--log-level', 'error', ...searchAttributeArgs()], { stdio: 'ignore' });
    await waitForPort(port, 30_000);
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    address: `127.0.0.1:${port}`,
    stop,
    start,
    async destroy() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The API as its own process (api/server.ts), so it can be killed and started again. */
export interface ApiProcess {
  url: string;
  /** Its stdout and stderr (pino's JSON lines). */
  logFile: string;
  start(): Promise<void>;
  kill(): Promise<void>;
  alive(): boolean;
}

export async function apiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  // With the suite's logs, which the run scans for full ID numbers.
  fs.mkdirSync(TEST_LOG_DIR, { recursive: true });
  const logFile = path.join(TEST_LOG_DIR, `faults-api-${port}.log`);
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    logFile,
    async start() {
      // One process (node with tsx's loader, not the tsx launcher), so that killing it kills the API.
      const log = fs.openSync(logFile, 'a');
      child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', 'api', 'server.ts')], {
        cwd: path.join(__dirname, '..', '..'), env: { ...process.env, ...env, AIDLOOP_API_PORT: String(port) }, stdio: ['ignore', log, log],
      });
      fs.closeSync(log);
      await waitForPort(port, 60_000);
    },
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
    alive: () => child !== undefined && child.exitCode === null && child.signalCode === null,
  };
}
