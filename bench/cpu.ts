import fs from 'node:fs';
import pg from 'pg';

/**
 * CPU time of the parts of a running stack, from /proc (Linux): each process
 * group's processes (the API, the worker, the dev server), this bench process,
 * and PostgreSQL's backends connected to the bench database. A snapshot before
 * and after a phase gives each part's CPU per request.
 */
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuMsOf(pid: number): number {
  try {
    // Fields after the command name (which may contain spaces): state is [0], utime [11], stime [12].
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0; // exited
  }
}

function groupCpuMs(pgid: number): number {
  let ms = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[2]) === pgid) ms += ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    } catch { /* exited meanwhile */ }
  }
  return ms;
}

export type CpuSnapshot = Record<string, number>;

export async function cpuSnapshot(groups: Record<string, number>, databaseUrl: string): Promise<CpuSnapshot> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  await client.end();
  const snapshot: CpuSnapshot = { bench: cpuMsOf(process.pid), postgres: rows.reduce((sum, r) => sum + cpuMsOf(r.pid), 0) };
  for (const [name, pgid] of Object.entries(groups)) snapshot[name] = groupCpuMs(pgid);
  return snapshot;
}

/** CPU milliseconds per request of each part between two snapshots (a backend that ended between them is not counted). */
export function cpuPerRequest(before: CpuSnapshot, after: CpuSnapshot, requests: number): string {
  const parts = Object.keys(after).map((k) => [k, (after[k]! - (before[k] ?? 0)) / requests] as const);
  const total = parts.reduce((sum, [, ms]) => sum + ms, 0);
  return `${parts.map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join(', ')} (total ${total.toFixed(1)}) CPU ms per request`;
}
