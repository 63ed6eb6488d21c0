/**
 * List pages at county scale: ROWS synthetic cases across 汨罗市's townships
 * (and a person each), written set-based into the database of
 * AIDLOOP_BENCH_DATABASE_URL (owner role; never a shared one), then the real
 * list code (api/lists/listQuery.ts) reads a township's first page, a page
 * 40 pages deep, and the county's first page, with and without migration
 * 011's indexes (dropped inside a transaction that is rolled back). Bounded:
 * ROWS (default 100000) and REPEATS; removes its rows at the end.
 *
 *   AIDLOOP_BENCH_DATABASE_URL=postgres://aidloop:aidloop@127.0.0.1:54329/aidloop_dev_x npx tsx bench/lists.ts
 */
import { createDb, type Db } from '../db/pool';
import type { ApiDeps } from '../api/deps';
import { CasesQuery } from '../api/lists/schemas';
import { Conditions, listPage } from '../api/lists/listQuery';
import type { Principal } from '../domain/access';

const url = process.env.AIDLOOP_BENCH_DATABASE_URL;
if (!url || !/@127\.0\.0\.1[:/]/.test(url)) throw new Error('set AIDLOOP_BENCH_DATABASE_URL to a local database of your own');
const ROWS = Number(process.env.ROWS ?? 100_000);
const REPEATS = 20;
const COUNTY: Principal = { userId: 'bench', role: 'COUNTY_SUPERVISOR', regionCode: '430681' };
const TOWNSHIPS = ['430681101', '430681102', '430681103', '430681104', '430681105', '430681107', '430681110', '430681111',
  '430681112', '430681113', '430681118', '430681119', '430681120', '430681121', '430681122'];

async function page(db: Db, query: Record<string, string>): Promise<string | undefined> {
  const deps = { db, pseudonymKey: 'bench' } as unknown as ApiDeps;
  const q = CasesQuery.parse(query);
  const result = await listPage(deps, q, COUNTY,
    { alias: 'c', id: 'case_id', region: 'township_code', taskSubject: 'CASE', updated: 'updated_at', concerns: (p) => `c.person_ref = ${p}` },
    new Conditions(), { select: 'c.case_id, c.state, p.id_number_masked', from: 'cases c JOIN persons p USING (person_ref)' }, (r) => r);
  return result.next;
}

/** Median milliseconds of `fn` over REPEATS runs. */
async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)] ?? NaN;
}

async function measure(db: Db, label: string): Promise<void> {
  let deep: string | undefined;
  for (let i = 0; i < 40; i++) deep = await page(db, { region: '430681103', limit: '50', ...(deep ? { next: deep } : {}) });
  const figures = {
    township: await median(() => page(db, { region: '430681103', limit: '50' })),
    townshipPage41: await median(() => page(db, { region: '430681103', limit: '50', ...(deep ? { next: deep } : {}) })),
    county: await median(() => page(db, { region: '430681', limit: '50' })),
    countyByKind: await median(() => page(db, { region: '430681', limit: '50', hardshipType: 'DISASTER' })),
  };
  console.log(label, Object.entries(figures).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(', '));
}

async function main(): Promise<void> {
  const db = createDb(url as string, 2);
  const started = Date.now();
  try {
    await db.query(
      `INSERT INTO persons (person_ref, id_number, id_number_masked, birth_date, sex)
       SELECT 'bench-' || i, 'BENCH' || lpad(i::text, 13, '0'), '4306**********0000', '1970-01-01', 'M' FROM generate_series(1, $1) i
       ON CONFLICT DO NOTHING`, [ROWS]);
    await db.query(
      `INSERT INTO cases (case_id, source, source_id, person_ref, township_code, hardship_type, received_on, detail, state, context, allowed_actions,
                          verification_due_on, verification_working_days, verification_provisional, verification_overdue, policy_version, version,
                          created_by, created_at, updated_at)
       SELECT 'bench-' || i, 'DATA_MATCH', 'bench-' || i, 'bench-' || i, ($2::text[])[1 + i % array_length($2::text[], 1)],
              (ARRAY['MEDICAL', 'EDUCATION', 'DISASTER', 'OTHER'])[1 + i % 4], '2026-01-05', 'bench', 'verifying', '{"items": []}', '{verify}',
              '2026-03-03', 40, false, false, 'bench', 1, 'bench', now() - i * interval '1 minute', now()
         FROM generate_series(1, $1) i
       ON CONFLICT DO NOTHING`, [ROWS, TOWNSHIPS]);
    await db.query('ANALYZE cases');
    await db.query('ANALYZE persons');
    console.log(`${ROWS} cases in ${TOWNSHIPS.length} townships written in ${Date.now() - started} ms`);
    await measure(db, 'with 011 indexes:   ');
    await db.withTransaction(async (tx) => {
      await tx.query('DROP INDEX cases_list');
      await tx.query('DROP INDEX cases_person');
      await measure({ ...db, query: tx.query }, 'without (baseline): ');
      throw new Error('rollback');
    }).catch((err: Error) => { if (err.message !== 'rollback') throw err; });
  } finally {
    await db.query(`DELETE FROM cases WHERE case_id LIKE 'bench-%'`);
    await db.query(`DELETE FROM persons WHERE person_ref LIKE 'bench-%'`);
    await db.close();
  }
}

void main().catch((err) => { console.error(err); process.exit(1); });
