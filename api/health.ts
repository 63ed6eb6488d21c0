import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/pool';

/** Rejects when `work` takes longer than `ms`, so a hung dependency answers "not ready" quickly. */
function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work(), timeout]).finally(() => clearTimeout(timer));
}

export interface ReadinessDeps {
  db: Db;
  temporal: Client;
  timeoutMs: number;
}

type Check = { ok: true } | { ok: false; error: string };

async function check(timeoutMs: number, probe: () => Promise<unknown>): Promise<Check> {
  try {
    await within(timeoutMs, probe);
    return { ok: true };
  } catch (err) {
    // The message only (a connection error can quote the URL; never its password, which pg does not print).
    return { ok: false, error: err instanceof Error ? err.message.slice(0, 200) : 'failed' };
  }
}

/**
 * Liveness (/livez, and /healthz as before): the process answers; it checks
 * nothing else, so an orchestrator does not restart healthy replicas while the
 * database is down. Readiness (/readyz): PostgreSQL answers a query and the
 * Temporal frontend answers for the namespace, each within the timeout;
 * 503 otherwise, so a load balancer sends no traffic here.
 */
export function healthRouter(deps: ReadinessDeps): Router {
  const r = Router();
  const live = (_req: unknown, res: { json: (b: unknown) => void }) => res.json({ ok: true });
  r.get('/livez', live);
  r.get('/healthz', live);
  r.get('/readyz', async (_req, res) => {
    const deadline = () => new Date(Date.now() + deps.timeoutMs);
    const [postgres, temporal] = await Promise.all([
      check(deps.timeoutMs, () => deps.db.query('SELECT 1')),
      check(deps.timeoutMs, () =>
        deps.temporal.connection.withDeadline(deadline(), () =>
          deps.temporal.workflowService.describeNamespace({ namespace: deps.temporal.options.namespace }))),
    ]);
    const ok = postgres.ok && temporal.ok;
    res.status(ok ? 200 : 503).json({ ok, checks: { postgres, temporal } });
  });
  return r;
}
