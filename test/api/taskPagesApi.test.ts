import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDateOf, startOfShanghaiDay } from '../../domain/calendarDate';
import { useApiHarness } from '../support/apiHarness';

/**
 * The inbox and the overdue view at scale: keyset pages that neither repeat
 * nor skip rows when tasks are written between pages, scope by region level,
 * counts per township that reconcile with the rows, filters and labels. Rows
 * go straight into the projection (the workflows that write them have their
 * own tests), under a county the other tests do not use.
 */
const COUNTY = '430626'; // 平江县
const TOWNSHIPS = ['430626001', '430626101', '430626102'];
const ASOF = '2026-03-10';
const api = useApiHarness('time-skipping', {
  supervisor: { userId: 'sup-pj', role: 'COUNTY_SUPERVISOR', regionCode: COUNTY },
  clerk: { userId: 'clerk-pj', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIPS[1]! },
  admin: { userId: 'admin-pj', role: 'ADMIN', regionCode: '43' },
});
const run = randomUUID().slice(0, 8);
/** GET as this county's supervisor. */
const get = (url: string) => api.get(url).set(api.as.supervisor);

interface Seed { township: string; dueOn: string | null; kind?: string; department?: string | null; doneAt?: string; inbox?: string }
async function insertTasks(seeds: Seed[]): Promise<string[]> {
  const ids = seeds.map((_, i) => `t-${run}-${randomUUID().slice(0, 8)}-${i}`);
  await api.db.query(
    `INSERT INTO tasks (task_id, subject_type, subject_id, subject_region, kind, region_code, department, title, due_on, status, opened_at, completed_at, completed_by)
     SELECT id, 'ENROLMENT', id, township, kind, inbox, department, '测试步骤', due_on, CASE WHEN done_at IS NULL THEN 'OPEN' ELSE 'DONE' END, now(), done_at, CASE WHEN done_at IS NULL THEN NULL ELSE 'test' END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::timestamptz[])
         AS s(id, township, kind, inbox, department, due_on, done_at)`,
    [ids, seeds.map((s) => s.township), seeds.map((s) => s.kind ?? 'ANNUAL_REVIEW'), seeds.map((s) => s.inbox ?? s.township),
      seeds.map((s) => s.department ?? null), seeds.map((s) => s.dueOn), seeds.map((s) => s.doneAt ?? null)],
  );
  return ids;
}
const day = (i: number) => new Date(Date.UTC(2026, 0, 5 + (i % 60))).toISOString().slice(0, 10);

/** Follows `next` from the first page to the last, calling `between` after each page. */
async function allPages(path: string, query: Record<string, string | number>, between: () => Promise<void> = async () => {}) {
  const items: { taskId: string; dueOn: string | null }[] = [];
  const pages: Record<string, unknown>[] = [];
  let next: string | undefined;
  do {
    const res = await get(`/api/v1${path}`).query({ ...query, ...(next && { next }) });
    expect(res.status).toBe(200);
    pages.push(res.body);
    items.push(...res.body.items);
    next = res.body.next;
    await between();
  } while (next);
  return { items, pages };
}

describe('inbox and overdue pages', () => {
  let open: string[];
  beforeAll(async () => {
    open = await insertTasks(Array.from({ length: 150 }, (_, i) => ({ township: TOWNSHIPS[i % 3]!, dueOn: day(i) })));
    await insertTasks([
      { township: TOWNSHIPS[0]!, dueOn: '2026-02-02', doneAt: '2026-03-10T15:00:00Z' }, // done on 3-10 23:00 Shanghai: still overdue on 3-10
      { township: TOWNSHIPS[0]!, dueOn: '2026-02-02', doneAt: '2026-03-10T17:00:00Z' }, // done on 3-11 01:00 Shanghai: overdue on 3-10
      { township: TOWNSHIPS[1]!, dueOn: '2026-02-02', doneAt: '2026-03-01T00:00:00Z' }, // done before: not overdue
      { township: TOWNSHIPS[1]!, dueOn: null },
      { township: TOWNSHIPS[2]!, dueOn: '2026-01-20', kind: 'FOLLOW_UP', inbox: COUNTY, department: 'HOUSING' },
    ]);
  });

  it('pages the overdue view without repeating or skipping a row while tasks are written between pages', async () => {
    const { items } = await allPages('/supervision/overdue', { region: COUNTY, asOf: ASOF, limit: 7 }, async () => {
      await insertTasks([{ township: TOWNSHIPS[0]!, dueOn: '2026-01-01' }, { township: TOWNSHIPS[1]!, dueOn: '2026-03-09' }]);
    });
    const ids = items.map((t) => t.taskId);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = items.map((t) => `${t.dueOn}|${t.taskId}`);
    expect(keys).toEqual([...keys].sort());
    // Every open step of the seed due before asOf is on some page, exactly once.
    const expected = open.filter((_, i) => day(i) < ASOF);
    expect(ids.filter((id) => expected.includes(id)).sort()).toEqual([...expected].sort());
    expect(items.every((t) => t.dueOn !== null && t.dueOn < ASOF)).toBe(true);
  });

  it('counts overdue steps per township from the indexes, reconciling with the rows and the naive query', async () => {
    const first = await get('/api/v1/supervision/overdue').query({ region: COUNTY, asOf: ASOF, limit: 200 });
    expect(first.body).toMatchObject({ region: COUNTY, regionName: '平江县', asOf: ASOF });
    const naive = await api.db.query<{ township: string; n: number }>(
      `SELECT subject_region AS township, count(*)::int AS n FROM tasks
        WHERE starts_with(subject_region, $1) AND due_on < $2
          AND (completed_at IS NULL OR (completed_at AT TIME ZONE 'Asia/Shanghai')::date > $2)
        GROUP BY 1 ORDER BY 1`, [COUNTY, ASOF]);
    expect(first.body.counts).toEqual(naive.map((c) => ({ regionCode: c.township, regionName: expect.any(String), overdue: c.n })));
    expect(first.body.counts.find((c: { regionCode: string }) => c.regionCode === TOWNSHIPS[1])?.regionName).toBe('安定镇');
    expect(first.body.total).toBe(naive.reduce((s, c) => s + c.n, 0));
    const { items } = await allPages('/supervision/overdue', { region: COUNTY, asOf: ASOF, limit: 200 });
    expect(items).toHaveLength(first.body.total);
    // Later pages do not count again.
    const second = await get('/api/v1/supervision/overdue').query({ region: COUNTY, asOf: ASOF, limit: 5, next: (await get('/api/v1/supervision/overdue').query({ region: COUNTY, asOf: ASOF, limit: 5 })).body.next });
    expect(second.body.counts).toBeUndefined();
  });

  it('includes a step done only after asOf, and not one done before', async () => {
    const { items } = await allPages('/supervision/overdue', { region: TOWNSHIPS[0]!, asOf: ASOF, limit: 200 });
    const done = await api.db.query<{ task_id: string; completed_at: Date }>(
      `SELECT task_id, completed_at FROM tasks WHERE task_id LIKE $1 AND status = 'DONE'`, [`t-${run}-%`]);
    const listed = new Set(items.map((t) => t.taskId));
    expect(done.filter((d) => listed.has(d.task_id)).map((d) => d.completed_at.toISOString())).toEqual(['2026-03-10T17:00:00.000Z']);
  });

  it('lists a step done today as overdue on yesterday, and not on today (the done-after part is left out only from today on)', async () => {
    const today = shanghaiDateOf(Date.now());
    const yesterday = addDays(today, -1);
    const [id] = await insertTasks([{ township: TOWNSHIPS[2]!, dueOn: addDays(today, -5), kind: 'CHANGE_REVIEW', doneAt: new Date(startOfShanghaiDay(today) + 60_000).toISOString() }]);
    const onYesterday = await get('/api/v1/supervision/overdue').query({ region: COUNTY, asOf: yesterday, kind: 'CHANGE_REVIEW' });
    expect(onYesterday.body.items.map((t: { taskId: string }) => t.taskId)).toEqual([id]);
    expect(onYesterday.body).toMatchObject({ total: 1, counts: [{ regionCode: TOWNSHIPS[2], overdue: 1 }] });
    const onToday = await get('/api/v1/supervision/overdue').query({ region: COUNTY, kind: 'CHANGE_REVIEW' });
    expect(onToday.body).toMatchObject({ asOf: today, total: 0, items: [] });
  });

  it('scopes by region level: a township, a province with counts per city, filters by kind and subject type', async () => {
    const township = await allPages('/supervision/overdue', { region: TOWNSHIPS[2]!, asOf: ASOF, limit: 200 });
    expect(township.items.every((t) => (t as unknown as { subjectRegion: string }).subjectRegion === TOWNSHIPS[2])).toBe(true);
    const province = await api.get('/api/v1/supervision/overdue').set(api.as.admin).query({ region: '43', asOf: ASOF, limit: 10 });
    expect(province.status).toBe(200);
    expect(province.body.counts).toEqual(expect.arrayContaining([expect.objectContaining({ regionCode: '4306', regionName: '岳阳市' })]));
    expect(province.body.items).toHaveLength(10);
    const followUps = await get('/api/v1/supervision/overdue').query({ region: COUNTY, asOf: ASOF, kind: 'FOLLOW_UP', subjectType: 'ENROLMENT' });
    expect(followUps.body.items).toEqual([expect.objectContaining({ kind: 'FOLLOW_UP', kindLabel: '转介/帮扶事项跟踪', subjectTypeLabel: '救助对象', department: 'HOUSING' })]);
    expect(followUps.body.total).toBe(1);
    const otherKind = await get('/api/v1/supervision/overdue').query({ region: COUNTY, asOf: ASOF, subjectType: 'CASE' });
    expect(otherKind.body.items.filter((t: { taskId: string }) => t.taskId.startsWith(`t-${run}`))).toEqual([]);
    const clerk = await api.get('/api/v1/supervision/overdue').set(api.as.clerk).query({ region: COUNTY });
    expect(clerk.status).toBe(403);
  });

  it('pages the inbox with department, kind and overdue filters; undated tasks last', async () => {
    const { items } = await allPages('/tasks', { region: TOWNSHIPS[1]!, limit: 9 }, async () => {
      await insertTasks([{ township: TOWNSHIPS[1]!, dueOn: '2025-12-01' }]);
    });
    const ours = items.filter((t) => t.taskId.startsWith(`t-${run}`));
    expect(ours.length).toBeGreaterThanOrEqual(51);
    expect(ours[ours.length - 1]?.dueOn).toBeNull();
    expect(new Set(items.map((t) => t.taskId)).size).toBe(items.length);
    const department = await get('/api/v1/tasks').query({ region: COUNTY, department: 'HOUSING', kind: 'FOLLOW_UP' });
    expect(department.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ regionCode: COUNTY, regionName: '平江县', department: 'HOUSING', overdue: true })]));
    const notOverdue = await allPages('/tasks', { region: TOWNSHIPS[1]!, overdue: 'false', limit: 200 });
    expect(notOverdue.items.every((t) => (t as unknown as { overdue: boolean }).overdue === false)).toBe(true);
    const overdue = await allPages('/tasks', { region: TOWNSHIPS[1]!, overdue: 'true', limit: 200 });
    expect(overdue.items.length + notOverdue.items.length).toBe((await allPages('/tasks', { region: TOWNSHIPS[1]!, limit: 200 })).items.length);
  });

  it('rejects a page size over 200 and a cursor it did not hand out, naming the field', async () => {
    const big = await get('/api/v1/tasks').query({ region: COUNTY, limit: 201 });
    expect(big.status).toBe(400);
    expect(JSON.stringify(big.body)).toContain('query.limit');
    const forged = await get('/api/v1/supervision/overdue').query({ region: COUNTY, next: 'bm90IGEgY3Vyc29y' });
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.body)).toContain('query.next');
  });
});
