import { Client } from '@temporalio/client';
import express from 'express';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../api/app';
import { READ_SIDE_FOLD, OverdueQuery, countSourceOf, overdueSql, type CountSource } from '../api/supervision/router';
import { runMigrations } from '../db/migrate';
import { foldOpenStepDeltas } from '../db/openStepCounts';
import { createDb, type Db } from '../db/pool';
import { BASELINE_INBOX_SQL, BASELINE_OVERDUE_SQL, baselineRouter } from './baseline';
import { ASOF, BENCH_APP_URL, BENCH_OWNER_URL, TODAY, benchAuth, deadline, fmt, listen, p50p95, timeEach } from './support';

/**
 * Overdue and inbox pages over 1,000,000 tasks (bench/seedTasks.ts first), in
 * one process against the bench database: a page of 100 for a county, a city
 * and the province over HTTP and in SQL (the overdue view as of today, the default,
 * and as of a past day with 20,000 steps done since), next to the index-only plan and to the
 * baseline (main's handlers, bench/baseline.ts); the overdue first page's
 * counts from the maintained counts of migrations 024 and 027 next to the previous
 * count query over the tasks' indexes (served at /previous by the same app
 * with that query); then /healthz polled while a province-wide page (and, for
 * the baseline, a city-wide list) is served. Migrates the bench database first.
 * Run: `npx tsx bench/pages.ts`.
 */
const COUNTY = '430681';
const CITY = '4306';
const PROVINCE = '43';
const N = Number(process.env.BENCH_N ?? 60);

/** A Db that remembers the last query of each kind, so the SQL the routes run can be timed and explained alone. */
function recording(db: Db): Db & { last: Map<string, { text: string; params: unknown[] }> } {
  const last = new Map<string, { text: string; params: unknown[] }>();
  return {
    ...db,
    last,
    query: (text, params = []) => {
      if (text.includes('WITH page')) last.set(text.includes('sort_due') ? 'inbox' : 'overdue', { text, params });
      return db.query(text, params);
    },
  };
}

const ROLLBACK = new Error('rolled back on purpose');

/** The count query a first page runs, from the given source (beside it, the route checks whether to fold). */
function countQuery(region: string, asOf: string, from: CountSource) {
  const query = OverdueQuery.parse({ region, asOf });
  const { sql, params } = overdueSql(query, asOf, TODAY, { countBy: region.length === 6 ? 9 : region.length + 2, from });
  return (db: Pick<Db, 'query'>) => db.query<{ region_code: string; overdue: number }>(sql, params);
}

/**
 * The previous count query: a Db that answers the maintained-count query
 * (params: region, asOf, …) with the count over the tasks' indexes the route
 * ran before migration 024, and skips the fold.
 */
function countingTasks(db: Db): Db {
  return {
    ...db,
    query: (text, params = []) => {
      if (text.startsWith('SELECT fold_open_step_deltas')) return Promise.resolve([{ folded: 0 }] as never);
      if (text.includes('FROM open_step_counts')) return countQuery(String(params[0]), String(params[1]), 'tasks')(db) as never;
      return db.query(text, params);
    },
  };
}

async function explain(db: Db, text: string, params: unknown[]): Promise<string> {
  const [row] = await db.query<{ 'QUERY PLAN': { Plan: Record<string, unknown>; 'Execution Time': number }[] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, params);
  const plan = row!['QUERY PLAN'][0]!;
  const scans: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Index Name'] === 'string') scans.push(`${String(node['Node Type'])} ${node['Index Name']}`);
    else if (String(node['Node Type']).includes('Scan')) scans.push(String(node['Node Type']));
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(plan.Plan);
  return `${fmt(plan['Execution Time'])} [${[...new Set(scans)].join(', ')}]`;
}

async function main(): Promise<void> {
  deadline(600);
  await runMigrations(BENCH_OWNER_URL);
  const db = recording(createDb(BENCH_APP_URL, 10));
  const { verifyToken, headersOf } = await benchAuth();
  const supervisor = await headersOf({ userId: 'bench-sup', role: 'COUNTY_SUPERVISOR', regionCode: COUNTY });
  const admin = await headersOf({ userId: 'bench-admin', role: 'ADMIN', regionCode: PROVINCE });
  const outer = express();
  outer.use('/baseline', baselineRouter(db));
  const appOn = (appDb: Db) => buildApp({
    db: appDb, temporal: new Client(), taskQueue: 'bench', pseudonymKey: 'bench-pseudonym-key-0123', stepTimeoutMs: 15000, verifyToken,
    now: () => Date.parse(`${TODAY}T04:00:00Z`),
  });
  outer.use('/previous', appOn(countingTasks(db)));
  outer.use(appOn(db));
  const server = await listen(outer);
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.base}${path}`, { headers });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ items?: unknown[]; next?: string }>;
  };
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks`) as [{ n: number }];
  console.log(`pages over ${n} tasks, today ${TODAY}, ${N} requests each (2-core shared machine)`);

  for (const [label, region, headers] of [['county', COUNTY, supervisor], ['city', CITY, admin], ['province', PROVINCE, admin]] as const) {
    for (const [name, route, asOf] of [['overdue today', 'supervision/overdue', ''], [`overdue asOf ${ASOF}`, 'supervision/overdue', `&asOf=${ASOF}`], ['inbox', 'tasks', '']] as const) {
      const path = `/api/v1/${route}?region=${region}${asOf}&limit=100`;
      const first = await get(path, headers);
      const http = await timeEach(N, () => get(path, headers));
      const nextPage = await timeEach(N, () => get(`${path}&next=${first.next}`, headers));
      const { text, params } = db.last.get(route === 'tasks' ? 'inbox' : 'overdue')!;
      const sql = await timeEach(N, () => db.query(text, params));
      console.log(`${name} ${label} page of 100: HTTP first page ${p50p95(http)}, second page ${p50p95(nextPage)}; SQL of the second page ${p50p95(sql)}; plan ${await explain(db, text, params)}`);
      if (route === 'tasks') continue;
      // The first page's counts: maintained (migrations 024, 027) where the route uses them, against the previous count query.
      const day = asOf ? ASOF : TODAY;
      const from = countSourceOf(OverdueQuery.parse({ region }));
      const [now, previous] = [countQuery(region, day, from), countQuery(region, day, 'tasks')];
      const same = JSON.stringify(await now(db)) === JSON.stringify(await previous(db));
      const countsNow = await timeEach(N, () => now(db));
      const countsBefore = await timeEach(N, () => previous(db));
      const httpBefore = await timeEach(N, () => get(`/previous${path}`, headers));
      console.log(`  ${name} ${label} first page counts (${from}${same ? ', equal to counting the tasks' : ', DIFFERENT from counting the tasks'}): SQL ${p50p95(countsNow)}, previous count query ${p50p95(countsBefore)}; HTTP first page ${p50p95(http)}, with the previous count query ${p50p95(httpBefore)}`);
      if (!same) process.exitCode = 1;
    }
  }
  // The index-only plan: the same county page reading nothing but the index.
  const indexOnly = `SELECT due_on, task_id FROM tasks WHERE left(subject_region, 6) = $1 AND status = 'OPEN' AND due_on IS NOT NULL AND due_on < $2 ORDER BY due_on, task_id LIMIT 101`;
  console.log(`index-only county page SQL ${p50p95(await timeEach(N, () => db.query(indexOnly, [COUNTY, ASOF])))}; plan ${await explain(db, indexOnly, [COUNTY, ASOF])}`);

  // The province's counts with deltas not yet folded, just under the threshold (new steps over the
  // province, one delta each), then folding them: in a transaction rolled back, so the seed stays.
  await db.withTransaction(async (tx) => {
    await tx.query(
      `INSERT INTO tasks (task_id, subject_type, subject_id, subject_region, kind, region_code, title, due_on, status, opened_at)
       SELECT 'bench-pending-' || i, 'ENROLMENT', 'bench-pending-' || i, subject_region, kind, region_code, title, due_on + (i % 7)::int, 'OPEN', now()
         FROM (SELECT row_number() OVER () AS i, * FROM tasks WHERE left(subject_region, 2) = $1 AND due_on IS NOT NULL LIMIT $2) t`,
      [PROVINCE, READ_SIDE_FOLD.threshold - 1]);
    const [{ pending }] = await tx.query<{ pending: number }>('SELECT count(*)::int AS pending FROM open_step_count_deltas') as [{ pending: number }];
    const read = countQuery(PROVINCE, TODAY, 'open_step_counts');
    const exact = async () => JSON.stringify(await read(tx)) === JSON.stringify(await countQuery(PROVINCE, TODAY, 'tasks')(tx));
    let same = await exact();
    const withPending = await timeEach(N, () => read(tx));
    const folding = await timeEach(1, () => foldOpenStepDeltas(tx, { batch: READ_SIDE_FOLD.threshold }));
    same &&= await exact();
    console.log(`province counts with ${pending} deltas unfolded${same ? '' : ' (DIFFERENT from counting the tasks)'}: SQL ${p50p95(withPending)}; folding them ${fmt(folding[0]!)}`);
    if (!same) process.exitCode = 1;
    throw ROLLBACK;
  }).catch((err: unknown) => { if (err !== ROLLBACK) throw err; });

  // Baseline: main's handlers (a county over HTTP and in SQL).
  const base = await timeEach(Math.min(N, 15), () => get(`/baseline/supervision/overdue?region=${COUNTY}&asOf=${ASOF}`));
  const baseRows = (await db.query(BASELINE_OVERDUE_SQL, [COUNTY, ASOF])).length;
  console.log(`baseline overdue county (${baseRows} rows, unpaged): HTTP ${p50p95(base)}; SQL ${p50p95(await timeEach(15, () => db.query(BASELINE_OVERDUE_SQL, [COUNTY, ASOF])))}; plan ${await explain(db, BASELINE_OVERDUE_SQL, [COUNTY, ASOF])}`);
  const baseInbox = await timeEach(Math.min(N, 15), () => get(`/baseline/tasks?region=${COUNTY}&asOf=${ASOF}`));
  console.log(`baseline inbox county (unpaged): HTTP ${p50p95(baseInbox)}; SQL ${p50p95(await timeEach(15, () => db.query(BASELINE_INBOX_SQL, [COUNTY, null])))}`);

  // /healthz while a wide request is served on the same thread.
  const healthDuring = async (path: string, headers: Record<string, string> = {}) => {
    let done = false;
    const waits: number[] = [];
    // How long the thread (the API's, shared here with the poller) was held at a stretch, apart from connection set-up.
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const wide = get(path, headers).finally(() => { done = true; loop.disable(); });
    const started = performance.now();
    while (!done) {
      const t = performance.now();
      // A fresh connection per poll: a kept-alive socket the server is too busy to serve may be reset.
      await fetch(`${server.base}/healthz`, { headers: { connection: 'close' } }).then((r) => r.arrayBuffer()).catch(() => undefined);
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 5));
    }
    await wide;
    return `wide request ${fmt(performance.now() - started)}, /healthz max ${fmt(Math.max(...waits))} over ${waits.length} polls, event loop held at most ${fmt(loop.max / 1e6)}`;
  };
  console.log(`province overdue page + counts: ${await healthDuring(`/api/v1/supervision/overdue?region=${PROVINCE}&asOf=${ASOF}&limit=200`, admin)}`);
  console.log(`baseline city-wide overdue (${CITY}): ${await healthDuring(`/baseline/supervision/overdue?region=${CITY}&asOf=${ASOF}`)}`);
  await server.stop();
  await db.close();
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
