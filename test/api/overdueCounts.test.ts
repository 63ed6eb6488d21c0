import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { syncOpenTasks } from '../../activities/taskProjection';
import { addDays, startOfShanghaiDay } from '../../domain/calendarDate';
import { foldOpenStepDeltas } from '../../db/openStepCounts';
import type { Db } from '../../db/pool';
import { OverdueQuery, overdueSql, type CountSource } from '../../api/supervision/router';
import { testDb } from '../support/db';

/**
 * The maintained counts of open steps (migration 024) against counting the
 * tasks: after random writes through the projection's own statements and
 * straight SQL, at every region level, as of today and of past days (one a
 * month's first day, where the count switches from month rows to day rows),
 * before and after folding; writers in one county on one day do not wait for
 * each other, nor for a fold. All under province 65, which no other test uses.
 */
/** Subject regions: townships, and a county (a subject may belong to a county). */
const SUBJECT_REGIONS = ['650102001', '650102002', '650103001', '650103', '650202001'];
const TODAY = '2026-08-20';
const AS_OF = [TODAY, '2026-08-01', '2026-07-17', '2026-06-30'];
/** Each region with the level its counts break down by; the maintained counts are per county, so a county's townships come from the tasks alone. */
const REGIONS: [region: string, countBy: number, sources: CountSource[]][] = [
  ['65', 4, ['open_step_counts', 'tasks']], ['65', 6, ['open_step_counts']], ['6501', 6, ['open_step_counts', 'tasks']],
  ['6502', 6, ['open_step_counts', 'tasks']], ['650102', 9, ['tasks']],
];
const db: Db = testDb();
afterAll(() => db.close());

type Counts = { region_code: string; overdue: number }[];
async function countsFrom(tx: Pick<Db, 'query'>, from: CountSource, region: string, countBy: number, asOf: string): Promise<Counts> {
  const { sql, params } = overdueSql(OverdueQuery.parse({ region }), asOf, TODAY, { countBy, from });
  return tx.query(sql, params);
}

/** What the overdue view means, spelled out on the table alone: $1 the region, $2 asOf, $3 today, $4 the instant asOf ends. */
const NAIVE_OVERDUE = `starts_with(subject_region, $1) AND due_on < $2 AND (status = 'OPEN' OR ($2 < $3 AND completed_at >= $4))`;
const naiveParams = (region: string, asOf: string) => [region, asOf, TODAY, new Date(startOfShanghaiDay(addDays(asOf, 1))).toISOString()];
const naive = (tx: Pick<Db, 'query'>, region: string, countBy: number, asOf: string) => tx.query<Counts[number]>(
  `SELECT left(subject_region, $5) AS region_code, count(*)::int AS overdue FROM tasks WHERE ${NAIVE_OVERDUE} GROUP BY 1 ORDER BY 1`,
  [...naiveParams(region, asOf), countBy]);

/** Every level and day counted three ways in one snapshot (other test files write tasks meanwhile): all must agree. */
async function expectCountsExact(): Promise<Counts[]> {
  return db.withTransaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const seen: Counts[] = [];
    for (const [region, countBy, sources] of REGIONS) {
      for (const asOf of AS_OF) {
        const expected = await naive(tx, region, countBy, asOf);
        for (const from of sources) {
          expect({ region, countBy, asOf, from, counts: await countsFrom(tx, from, region, countBy, asOf) }).toEqual({ region, countBy, asOf, from, counts: expected });
        }
        seen.push(expected);
      }
    }
    return seen;
  });
}

/**
 * The pages of the overdue view, walked with the cursor, against the naive
 * list: a province and a city merge the steps done since asOf day by day
 * (migration 026), a county sorts them (023).
 */
async function expectPagesExact(): Promise<void> {
  const limit = 4;
  for (const region of ['65', '6501', '650102']) {
    for (const asOf of AS_OF) {
      await db.withTransaction(async (tx) => {
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        const expected = await tx.query<{ task_id: string }>(`SELECT task_id FROM tasks WHERE ${NAIVE_OVERDUE} ORDER BY due_on, task_id`, naiveParams(region, asOf));
        const paged: string[] = [];
        let after: [string, string] | undefined;
        for (;;) {
          const { sql, params } = overdueSql(OverdueQuery.parse({ region, limit }), asOf, TODAY, { limit, after });
          const rows = await tx.query<{ task_id: string; due_on: string }>(sql, params);
          paged.push(...rows.slice(0, limit).map((r) => r.task_id));
          if (rows.length <= limit) break;
          const last = rows[limit - 1]!;
          after = [last.due_on, last.task_id];
        }
        expect({ region, asOf, paged }).toEqual({ region, asOf, paged: expected.map((r) => r.task_id) });
      });
    }
  }
}

const fold = (threshold = 0) => foldOpenStepDeltas(db, { threshold, batch: 100_000 });
const dayOf = (offset: number) => addDays(TODAY, offset);

const subjectRegion = fc.constantFrom(...SUBJECT_REGIONS);
// Days relative to TODAY, with the edges of AS_OF weighted in: an asOf day and the day before, a month's first and last day.
const EDGES = [-80, -52, -51, -50, -35, -34, -33, -20, -19, -18];
const dueOffset = fc.oneof(fc.integer({ min: -80, max: 10 }), fc.constantFrom(...EDGES));
/** When a step is done: a day (up to one after TODAY: a clock ahead of the reader's) and its first instant, 10:00 or its last minute. */
const doneOffset = fc.tuple(fc.oneof(fc.integer({ min: -60, max: 1 }), fc.constantFrom(...EDGES.filter((d) => d >= -60))), fc.constantFrom(0, 10 / 24, 1439 / 1440))
  .map(([day, fraction]) => day + fraction);
const op = fc.oneof(
  // The projection's own write: new steps, a recalculated due date, the rest completed.
  fc.record({ op: fc.constant('sync' as const), subject: fc.integer({ min: 0, max: 5 }), township: subjectRegion, atOffset: doneOffset,
    steps: fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c'), due: fc.option(dueOffset) }), { maxLength: 3 }) }),
  fc.record({ op: fc.constant('insert' as const), rows: fc.array(fc.record({ township: subjectRegion, due: dueOffset, doneOffset: fc.option(doneOffset) }), { minLength: 1, maxLength: 15 }) }),
  fc.record({ op: fc.constant('complete' as const), skip: fc.nat(10), n: fc.integer({ min: 1, max: 8 }), atOffset: doneOffset }),
  fc.record({ op: fc.constant('redate' as const), skip: fc.nat(10), n: fc.integer({ min: 1, max: 8 }), shift: fc.integer({ min: -40, max: 40 }) }),
  fc.record({ op: fc.constant('move' as const), skip: fc.nat(10), n: fc.integer({ min: 1, max: 4 }), township: subjectRegion }),
  fc.record({ op: fc.constant('delete' as const), skip: fc.nat(10), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('fold' as const) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** `n` of this run's tasks after skipping `skip`, in id order. */
const some = (run: string, skip: number, n: number, open = false) =>
  `SELECT task_id FROM tasks WHERE task_id LIKE '${run}%' ${open ? `AND status = 'OPEN'` : ''} ORDER BY task_id OFFSET ${skip} LIMIT ${n}`;
/** The instant `offset` days (a fraction: the time of day) after the start of TODAY, Asia/Shanghai. */
const at = (offset: number) => new Date(startOfShanghaiDay(dayOf(Math.floor(offset))) + Math.round((offset - Math.floor(offset)) * 86_400_000));

async function apply(run: string, o: Op, seq: number): Promise<void> {
  switch (o.op) {
    case 'sync':
      await db.withTransaction((tx) => syncOpenTasks(tx, { type: 'ENROLMENT', id: `${run}-s${o.subject}`, regionCode: o.township },
        o.steps.filter((s, i) => o.steps.findIndex((t) => t.key === s.key) === i).map((s) => ({
          key: s.key, kind: 'ANNUAL_REVIEW', regionCode: o.township, department: null, title: '测试步骤', dueOn: s.due === null ? null : dayOf(s.due),
        })), at(o.atOffset), 'test'));
      return;
    case 'insert':
      await db.query(
        `INSERT INTO tasks (task_id, subject_type, subject_id, subject_region, kind, region_code, title, due_on, status, opened_at, completed_at, completed_by)
         SELECT id, 'ENROLMENT', id, township, 'ANNUAL_REVIEW', township, '测试步骤', due_on,
                CASE WHEN done_at IS NULL THEN 'OPEN' ELSE 'DONE' END, now(), done_at, CASE WHEN done_at IS NULL THEN NULL ELSE 'test' END
           FROM unnest($1::text[], $2::text[], $3::date[], $4::timestamptz[]) AS s(id, township, due_on, done_at)`,
        [o.rows.map((_, i) => `${run}-i${seq}-${i}`), o.rows.map((r) => r.township), o.rows.map((r) => dayOf(r.due)),
          o.rows.map((r) => (r.doneOffset === null ? null : at(r.doneOffset).toISOString()))]);
      return;
    case 'complete':
      await db.query(`UPDATE tasks SET status = 'DONE', completed_at = $1, completed_by = 'test' WHERE task_id IN (${some(run, o.skip, o.n, true)})`, [at(o.atOffset)]);
      return;
    case 'redate':
      await db.query(`UPDATE tasks SET due_on = due_on + $1::int WHERE task_id IN (${some(run, o.skip, o.n, true)})`, [o.shift]);
      return;
    case 'move':
      await db.query(`UPDATE tasks SET subject_region = $1 WHERE task_id IN (${some(run, o.skip, o.n)})`, [o.township]);
      return;
    case 'delete':
      await db.query(`DELETE FROM tasks WHERE task_id IN (${some(run, o.skip, o.n)})`);
      return;
    case 'fold':
      await fold();
  }
}

describe('maintained counts of open steps (migration 024)', () => {
  beforeEach(() => db.query(`DELETE FROM tasks WHERE subject_region LIKE '65%'`));

  it('equal counting the tasks at every level, today and on past days, after any writes, folded or not; pages list the same steps', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
      const run = `oc-${randomUUID().slice(0, 8)}`;
      await db.query(`DELETE FROM tasks WHERE subject_region LIKE '65%'`);
      for (const [seq, o] of ops.entries()) await apply(run, o, seq);
      await expectCountsExact();
      await expectPagesExact();
    }), { numRuns: 25 });
  });

  it('folding leaves every count as it was and empties the deltas', async () => {
    const run = `oc-${randomUUID().slice(0, 8)}`;
    for (const [seq, o] of ([
      { op: 'insert', rows: SUBJECT_REGIONS.flatMap((t, i) => [{ township: t, due: -i, doneOffset: null }, { township: t, due: -40 - i, doneOffset: null }, { township: t, due: -30, doneOffset: -2 }]) },
      { op: 'complete', skip: 1, n: 3, atOffset: -10 },
      { op: 'redate', skip: 0, n: 2, shift: -35 },
    ] as Op[]).entries()) await apply(run, o, seq);
    const before = await expectCountsExact();
    expect(before.flat().length).toBeGreaterThan(0);
    expect(await fold()).toBeGreaterThan(0);
    expect(await db.query(`SELECT 1 FROM open_step_count_deltas WHERE county LIKE '65%'`)).toEqual([]);
    expect(await db.query(`SELECT 1 FROM done_step_count_deltas WHERE county LIKE '65%'`)).toEqual([]);
    expect(await expectCountsExact()).toEqual(before);
    // Below the threshold nothing is folded; the reads stay exact with the deltas alone.
    await apply(run, { op: 'insert', rows: [{ township: SUBJECT_REGIONS[0]!, due: -3, doneOffset: null }] }, 9);
    expect(await fold(1_000_000)).toBe(0);
    expect(await db.query(`SELECT delta FROM open_step_count_deltas WHERE county = '650102'`)).toEqual([{ delta: 1 }]);
    expect((await expectCountsExact())[0]).toEqual(before[0]!.map((c) => (c.region_code === '6501' ? { ...c, overdue: c.overdue + 1 } : c)));
    // Two folds at once: each takes the deltas the other has not locked; the sums do not change.
    await apply(run, { op: 'complete', skip: 0, n: 5, atOffset: -1 }, 10);
    const unfolded = await expectCountsExact();
    await Promise.all([fold(), fold(), fold()]);
    expect(await expectCountsExact()).toEqual(unfolded);
  });

  it('lets writers in one county on one day, and a fold, run at the same time without waiting for each other', async () => {
    const run = `oc-${randomUUID().slice(0, 8)}`;
    const insert = (tx: Pick<Db, 'query'>, id: string) => tx.query(
      `INSERT INTO tasks (task_id, subject_type, subject_id, subject_region, kind, region_code, title, due_on, status, opened_at)
       VALUES ($1, 'ENROLMENT', $1, $2, 'ANNUAL_REVIEW', $2, '测试步骤', $3, 'OPEN', now())`, [id, SUBJECT_REGIONS[0], dayOf(-5)]);
    await insert(db, `${run}-0`);
    const before = await expectCountsExact();
    // Three transactions held open at once: two writers and a fold. Each statement
    // would fail after 2 s if it waited for a lock another of them holds.
    const order: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    const held = (name: string, body: (tx: Pick<Db, 'query'>) => Promise<unknown>) => db.withTransaction(async (tx) => {
      await tx.query(`SET LOCAL lock_timeout = '2s'`);
      await body(tx);
      order.push(name);
      await released;
    });
    const writers = [held('writer 1', (tx) => insert(tx, `${run}-1`)), held('fold', (tx) => foldOpenStepDeltas(tx, { batch: 100_000 })), held('writer 2', (tx) => insert(tx, `${run}-2`))];
    const allStarted = (async () => { while (order.length < 3) await new Promise((r) => setTimeout(r, 20)); })();
    await Promise.race([allStarted, Promise.all(writers)]);
    expect(order).toHaveLength(3);
    // While all three are open: the committed state is exact, and unchanged.
    expect(await expectCountsExact()).toEqual(before);
    release();
    await Promise.all(writers);
    const after = await expectCountsExact();
    expect(after[0]).toEqual(before[0]!.map((c) => (c.region_code === '6501' ? { ...c, overdue: c.overdue + 2 } : c)));
  });
});
