import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { AUDIENCE, ensureDevKeys, signToken } from '../admin/devKeys';
import { jwksVerifier, type TokenVerifier } from '../api/auth';
import type { Principal } from '../domain/access';
import { idNumber } from '../test/support/ids';

/** The dedicated bench database (never a test database); owner and service roles. */
export const BENCH_OWNER_URL = process.env.BENCH_OWNER_URL ?? 'postgres://aidloop:aidloop@127.0.0.1:54329/aidloop_bench_scale';
export const BENCH_APP_URL = process.env.BENCH_APP_URL ?? 'postgres://aidloop_app:aidloop_app@127.0.0.1:54329/aidloop_bench_scale';
const ISSUER = 'aidloop-bench';
/** The day the seeded tasks are looked at from (bench/seedTasks.ts). */
export const ASOF = '2026-06-15';
/** The service's "today" in the benches: after every seeded completion, so `ASOF` is a past day with steps done since. */
export const TODAY = '2026-06-19';

/** Bearer-token headers for principals, verified by a throwaway key pair. */
export async function benchAuth(): Promise<{ verifyToken: TokenVerifier; jwksFile: string; headersOf: (p: Principal) => Promise<Record<string, string>> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidloop-bench-keys-'));
  const { privateJwk, jwksFile } = await ensureDevKeys(dir);
  return {
    jwksFile,
    verifyToken: jwksVerifier({ jwksFile, issuer: ISSUER, audience: AUDIENCE }),
    headersOf: async (p) => ({ Authorization: `Bearer ${await signToken(privateJwk, p, { issuer: ISSUER })}` }),
  };
}

/** Serves `app` on an ephemeral port of 127.0.0.1; returns its base URL and a stop function. */
export async function listen(app: Express): Promise<{ base: string; stop: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Runs `fn` `n` times one after another; milliseconds each. */
export async function timeEach(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

export const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
export const p50p95 = (times: number[]) => `p50 ${fmt(percentile(times, 50))}, p95 ${fmt(percentile(times, 95))}`;

/** Exits the process if the bench runs longer than `seconds` (benches bound themselves). */
export function deadline(seconds: number): void {
  setTimeout(() => { console.error(`bench: over its ${seconds} s bound, stopping`); process.exit(2); }, seconds * 1000).unref();
}

/**
 * ID numbers of persons no earlier run used: a random birth day per run, then
 * a sequence. A warning about a person with an open case joins that case (200,
 * not a new case), so a receipt bench needs a new person per receipt.
 */
export function freshPersons(): () => string {
  const base = Date.UTC(1940, 0, 1) + Math.floor(Math.random() * 50 * 365) * 86_400_000;
  let k = 0;
  return () => {
    const day = new Date(base + Math.floor(k / 1000) * 86_400_000).toISOString().slice(0, 10);
    return idNumber(day, k++ % 1000);
  };
}
