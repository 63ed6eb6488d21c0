import ExcelJS from 'exceljs';
import { randomInt, randomUUID } from 'node:crypto';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { eventually, useApiHarness } from '../support/apiHarness';
import { idNumber, uniqueSourceId } from '../support/ids';

const TOWNSHIP = '430681119'; // 归义镇: only this file writes here, so its numbers are this file's
const COUNTY = '430681';

const api = useApiHarness('dev', {
  clerk: { userId: 'clerk-stat', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  other: { userId: 'clerk-stat-2', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  elsewhere: { userId: 'clerk-elsewhere', role: 'TOWNSHIP_STAFF', regionCode: '430681101' },
  admin: { userId: 'admin-stat', role: 'ADMIN', regionCode: '43' },
  medical: { userId: 'officer-stat', role: 'DEPARTMENT_OFFICER', regionCode: COUNTY, department: 'MEDICAL_INSURANCE' },
});

const today = () => shanghaiDateOf(Date.now());
const month = () => today().slice(0, 7);
const person = () => idNumber(`19${randomInt(40, 99)}0${randomInt(1, 9)}1${randomInt(0, 9)}`, randomInt(100, 999));

async function warn(source: string): Promise<string> {
  const res = await api.post('/warnings', {
    source, sourceId: uniqueSourceId(), idNumber: person(), townshipCode: TOWNSHIP, hardshipType: 'MEDICAL', receivedOn: today(), detail: '统计测试',
  });
  expect(res.status).toBe(201);
  return res.body.caseId;
}

async function step(caseId: string, action: string, body: object, headers?: Record<string, string>) {
  const res = await api.post(`/cases/${caseId}/actions/${action}`, body, headers);
  expect({ action, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ action, status: 200, body: undefined });
  return res.body;
}

/** The month's numbers of one township recomputed from its subjects: the case rows, their and the referrals' event logs, not the tasks. */
async function recompute(township: string) {
  const day = (col: string) => `to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;
  const cases = await api.db.query<{ case_id: string; source: string; received_on: string; due: string; context: { items: { kind: string; referTo?: string; measure?: string; amountFen?: number; result?: { result: string; amountFen?: number } }[] } }>(
    `SELECT case_id, source, to_char(received_on, 'YYYY-MM-DD') AS received_on, to_char(verification_due_on, 'YYYY-MM-DD') AS due, context
       FROM cases WHERE township_code = $1`, [township]);
  const events = await api.db.query<{ subject_id: string; event_type: string; payload: Record<string, unknown>; day: string }>(
    `SELECT subject_id, event_type, payload, ${day('occurred_at')} AS day FROM subject_events
      WHERE subject_type = 'CASE' AND subject_id = ANY($1)`, [cases.map((c) => c.case_id)]);
  const referralEvents = await api.db.query<{ subject_id: string; event_type: string; payload: Record<string, unknown> }>(
    `SELECT subject_id, event_type, payload FROM subject_events
      WHERE subject_type = 'REFERRAL' AND subject_id IN (SELECT referral_id FROM referrals WHERE township_code = $1)`, [township]);
  const referred = referralEvents.filter((e) => e.event_type === 'REFERRED');
  const closedIds = new Set(referralEvents.filter((e) => ['REPORT_RESULT', 'DECLINE'].includes(e.event_type)).map((e) => e.subject_id));
  const inMonth = (d: string) => d.startsWith(month());
  const count = <T>(xs: T[], key: (x: T) => string) => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [key(x)]: (m[key(x)] ?? 0) + 1 }), {});
  const due = new Map(cases.map((c) => [c.case_id, c.due]));
  const verified = events.filter((e) => e.event_type === 'VERIFY' && inMonth(e.day));
  const items = cases.flatMap((c) => c.context.items);
  const delivered = items.filter((i) => i.result?.result === 'DELIVERED' && (i.result.amountFen ?? i.amountFen) !== undefined);
  return {
    warnings: count(cases.filter((c) => inMonth(c.received_on)), (c) => c.source),
    onTime: verified.filter((e) => e.day <= due.get(e.subject_id)!).length,
    late: verified.filter((e) => e.day > due.get(e.subject_id)!).length,
    disposals: count(events.filter((e) => ['DISPOSE', 'DELIBERATE'].includes(e.event_type) && inMonth(e.day)), (e) => String(e.payload.outcome)),
    referrals: count(referred, (e) => String(e.payload.department)),
    referralsClosed: count(referred.filter((e) => closedIds.has(e.subject_id)), (e) => String(e.payload.department)),
    paid: delivered.reduce<Record<string, number>>((m, i) => {
      const kind = `${i.kind}_${i.referTo ?? i.measure}`;
      return { ...m, [kind]: (m[kind] ?? 0) + (i.result!.amountFen ?? i.amountFen!) };
    }, {}),
  };
}

type Row = Record<string, number | string | null>;
const byKey = (xs: Row[], key: string, value: string) => Object.fromEntries(xs.map((x) => [x[key], x[value]]));

describe('月报 (monthly statistics) over HTTP against the dev server and PostgreSQL', () => {
  it('reconciles with the subjects, per township and as the county total, as JSON and as XLSX', async () => {
    const a = await warn('PROVINCIAL_CLUE');
    const b = await warn('PROVINCIAL_CLUE');
    const c = await warn('DATA_MATCH');
    await warn('FIELD_VISIT'); // stays open
    for (const id of [a, b, c]) await step(id, 'verify', { visitedOn: today(), findings: '入户核实' });
    await step(a, 'dispose', { outcome: 'MAY_QUALIFY', reason: '可能符合医疗救助', referTo: 'MEDICAL_INSURANCE', need: '医后救助' });
    await step(a, 'record-assistance', { measure: 'TEMPORARY', description: '临时救助', amountFen: 80_000 });
    // The department reports on its referral (the case refuses it, naming the referral); the case's item follows.
    const referral = `referral-${a.slice('case-'.length)}-item-1`;
    const reported = await api.post(`/referrals/${referral}/actions/report-result`, { result: 'DELIVERED', note: '医疗救助已落实', amountFen: 1_250_000 }, api.as.medical);
    expect([reported.status, reported.body.state]).toEqual([200, 'reported']);
    await step(a, 'report-result', { itemId: 'item-2', result: 'DELIVERED', note: '临时救助已发放' });
    await eventually(async () => (await api.get(`/api/v1/cases/${a}`)).body, (x) => x.state === 'feedback');
    await step(b, 'dispose', { outcome: 'MAY_QUALIFY', reason: '可能符合', referTo: 'HOUSING', need: '危房改造' });
    await step(c, 'dispose', { outcome: 'NO_CHANGE', reason: '核实无变化' });

    const res = await api.get(`/api/v1/statistics/monthly?region=${TOWNSHIP}&month=${month()}`);
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s).toMatchObject({ region: TOWNSHIP, regionName: '归义镇', month: month(), townships: [expect.objectContaining({ townshipCode: TOWNSHIP, townshipName: '归义镇' })] });
    const t = s.townships[0];
    const want = await recompute(TOWNSHIP);
    expect(byKey(t.warnings.bySource, 'source', 'count')).toEqual(want.warnings);
    expect(t.warnings.total).toBe(4);
    expect(t.verification).toEqual({ onTime: want.onTime, late: want.late, openPastDue: 0 });
    expect(want.onTime).toBe(3);
    expect(byKey(t.disposals, 'outcome', 'count')).toEqual(want.disposals);
    expect(byKey(t.referrals, 'department', 'opened')).toEqual(want.referrals);
    expect(byKey(t.referrals.filter((r: Row) => Number(r.closed) > 0), 'department', 'closed')).toEqual(want.referralsClosed);
    expect(t.referrals).toEqual(expect.arrayContaining([
      { department: 'MEDICAL_INSURANCE', opened: 1, closed: 1, closureRate: 1, medianWorkingDays: 0 },
      { department: 'HOUSING', opened: 1, closed: 0, closureRate: 0, medianWorkingDays: null },
    ]));
    expect(byKey(t.payments, 'kind', 'amountFen')).toEqual(want.paid);
    expect(want.paid).toEqual({ REFERRAL_MEDICAL_INSURANCE: 1_250_000, ASSISTANCE_TEMPORARY: 80_000 });
    expect(s.total).toEqual(Object.fromEntries(Object.keys(s.total).map((k) => [k, t[k]])));

    // The county's total is the sum of its townships (one snapshot per section).
    const county = (await api.get(`/api/v1/statistics/monthly?region=${COUNTY}`)).body;
    expect(county.townships.map((x: { townshipCode: string }) => x.townshipCode)).toContain(TOWNSHIP);
    expect(county.total.warnings.total).toBe(county.townships.reduce((n: number, x: { warnings: { total: number } }) => n + x.warnings.total, 0));
    expect(county.total.verification.onTime).toBe(county.townships.reduce((n: number, x: { verification: { onTime: number } }) => n + x.verification.onTime, 0));

    const xlsx = await api.get(`/api/v1/statistics/monthly.xlsx?region=${TOWNSHIP}&month=${month()}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (d: Buffer) => chunks.push(d));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = wb.getWorksheet('月报')!;
    const rows = sheet.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(String(rows[0]?.[0])).toContain('归义镇 社会救助工作月报');
    const section = rows.findIndex((r) => r[0] === '一、预警核查');
    expect(rows[section + 1]).toEqual(['乡镇（街道）', '预警线索', '按期核实', '逾期核实', '逾期未核实', '回避拒绝']);
    expect(rows[section + 2]).toEqual(['归义镇', 4, 3, 0, 0, 0]);
    expect(rows[section + 3]).toEqual(['合计', 4, 3, 0, 0, 0]);
  });

  it('answers a clerk for their own township only, and names a wrong month', async () => {
    expect((await api.get(`/api/v1/statistics/monthly?region=${TOWNSHIP}`).set(api.as.elsewhere)).status).toBe(403);
    expect((await api.get(`/api/v1/statistics/monthly?region=${COUNTY}`).set(api.as.clerk)).status).toBe(403);
    expect((await api.get(`/api/v1/statistics/monthly?region=${TOWNSHIP}`).set(api.as.clerk)).status).toBe(200);
    const bad = await api.get(`/api/v1/statistics/monthly?region=${TOWNSHIP}&month=2026-13`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('query.month');
    const future = await api.get(`/api/v1/statistics/monthly?region=${TOWNSHIP}&month=2999-01`);
    expect(future.status).toBe(400);
  });

  it('counts a 回避 refusal for the township', async () => {
    const before = (await api.get(`/api/v1/statistics/monthly?region=${TOWNSHIP}`)).body.total.conflictRefusals;
    const relative = person();
    expect((await api.post('/admin/staff-relatives', { staffUserId: 'clerk-stat', relativeIdNumber: relative, relation: 'SIBLING' }, api.as.admin)).status).toBe(201);
    const refused = await api.post('/emergencies', {
      reportId: `GY-${randomUUID()}`, idNumber: relative, townshipCode: TOWNSHIP, kind: 'HOMELESS_OR_STRANDED', amountRequestedFen: 50_000, description: '生活无着',
    });
    expect(refused.status).toBe(409);
    const paid = await api.post('/emergencies', {
      reportId: `GY-${randomUUID()}`, idNumber: relative, townshipCode: TOWNSHIP, kind: 'HOMELESS_OR_STRANDED', amountRequestedFen: 50_000, description: '生活无着',
    }, api.as.other);
    expect(paid.status).toBe(201);
    const after = (await api.get(`/api/v1/statistics/monthly?region=${TOWNSHIP}`)).body.total;
    expect(after.conflictRefusals).toBe(before + 1);
    expect(after.emergencies).toMatchObject({ firstAided: 1, firstAidFen: 50_000 });
    expect(after.payments).toEqual(expect.arrayContaining([{ kind: 'EMERGENCY_FIRST_AID', count: 1, amountFen: 50_000 }]));
  });
});

describe('认领 (claiming tasks)', () => {
  it('lets a clerk of the region claim and release a task, shows the holder in the inbox, and refuses others', async () => {
    const caseId = await warn('FIELD_VISIT');
    const inbox = async () => (await api.get(`/api/v1/tasks?region=${TOWNSHIP}`)).body;
    const rows = (page: { items?: unknown[]; tasks?: unknown[] }) => (page.items ?? page.tasks ?? []) as { taskId: string; subjectId: string; heldBy: string | null }[];
    const task = rows(await inbox()).find((t) => t.subjectId === caseId)!;
    expect(task.heldBy).toBeNull();
    const path = `/tasks/${encodeURIComponent(task.taskId)}`;

    const claimed = await api.post(`${path}/claim`, {});
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ taskId: task.taskId, heldBy: 'clerk-stat' });
    expect((await api.post(`${path}/claim`, {})).body.heldSince).toBe(claimed.body.heldSince); // again: a no-op
    expect(rows(await inbox()).find((t) => t.taskId === task.taskId)).toMatchObject({ heldBy: 'clerk-stat' });

    const taken = await api.post(`${path}/claim`, {}, api.as.other);
    expect(taken.status).toBe(409);
    expect(JSON.stringify(taken.body)).toContain('TASK_HELD');
    expect((await api.post(`${path}/release`, {}, api.as.other)).status).toBe(409);
    expect((await api.post(`${path}/claim`, {}, api.as.elsewhere)).status).toBe(404);

    expect((await api.post(`${path}/release`, {})).body).toMatchObject({ heldBy: null });
    expect((await api.post(`${path}/claim`, {}, api.as.other)).body).toMatchObject({ heldBy: 'clerk-stat-2' });
    expect((await api.post('/tasks/no-such-task/claim', {})).status).toBe(404);
  });
});
