import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Express } from 'express';
import request from 'supertest';
import { addDays, addMonths, shanghaiDateOf } from '../../domain/calendarDate';
import { monthlyExchangeWorkflow } from '../../workflows';
import { exchangeSchedules, reconcileSchedules } from '../../worker/schedules';
import { startApiHarness, eventually, poster, type ApiHarness } from '../support/apiHarness';
import { RecordedHistories, replayFailures } from '../support/histories';
import { workflowBundle } from '../support/temporal';

/** The monthly data exchange (seed 003 三(二)2) on the time-skipping server, and its schedule on the dev server. */
const COUNTY = '430681';
const histories = new RecordedHistories();

describe('monthly data exchange (time skipping)', () => {
  let harness: ApiHarness;
  let staff: Record<string, string>;
  let env: TestWorkflowEnvironment;
  let app: Express;
  beforeAll(async () => {
    harness = await startApiHarness('time-skipping');
    ({ env, app } = harness);
    staff = await harness.as({ userId: 'civil-affairs-wu', role: 'COUNTY_SUPERVISOR', regionCode: COUNTY });
  });
  afterAll(() => harness?.stop());

  it('opens the month\'s duties on the 1st, escalates those still open after the 10th, and closes when all are done', async () => {
    // Move to 00:05 on the 1st of next month, Asia/Shanghai, as the schedule would start it.
    const month = addMonths(`${shanghaiDateOf(await env.currentTimeMs()).slice(0, 7)}-01`, 1).slice(0, 7);
    await env.sleep(Date.parse(`${month}-01T00:05:00+08:00`) - (await env.currentTimeMs()));
    const handle = await env.client.workflow.start(monthlyExchangeWorkflow, { workflowId: `monthly-exchange-${COUNTY}-test-${month}`, taskQueue: harness.taskQueue, args: [{ countyCode: COUNTY }] });
    const id = `exchange-${COUNTY}-${month}`;
    const get = () => request(app).get(`/api/v1/exchanges/${id}`).set(staff).then((r) => r.body);
    const opened = await eventually(get, (b) => b.openTasks?.length === 10);
    const byKind = (kind: string) => opened.openTasks.filter((t: { kind: string }) => t.kind === kind);
    expect(byKind('DATA_REQUEST')).toHaveLength(8);
    expect(byKind('DATA_REQUEST').every((t: { dueOn: string }) => t.dueOn === `${month}-10`)).toBe(true);
    expect(byKind('PUSH_ENROLMENTS_TO_AGRICULTURE')).toEqual([expect.objectContaining({ department: 'CIVIL_AFFAIRS', dueOn: addDays(addMonths(`${month}-01`, 1), -1) })]);

    const post = poster(app, staff);
    const done = await post(`/exchanges/${id}/actions/complete-duty`, { key: 'DATA_REQUEST:MEDICAL_INSURANCE', note: '医保数据申请已提交，批次2026-12' });
    expect(done.status).toBe(200);
    expect((await post(`/exchanges/${id}/actions/complete-duty`, { key: 'DATA_REQUEST:MEDICAL_INSURANCE', note: '重复' })).status).toBe(409);

    await env.sleep(Date.parse(`${month}-11T01:00:00+08:00`) - (await env.currentTimeMs()));
    const late = await eventually(get, (b) => b.overdueDuties?.length === 7);
    expect(late.openTasks.filter((t: { kind: string }) => t.kind === 'EXCHANGE_ESCALATION')).toHaveLength(7);
    const overdue = await request(app).get('/api/v1/supervision/overdue').set(staff).query({ region: COUNTY, asOf: `${month}-11` });
    expect(overdue.body.items.filter((s: { subjectId: string }) => s.subjectId === id)).toHaveLength(7);

    for (const t of late.openTasks.filter((x: { kind: string }) => x.kind !== 'EXCHANGE_ESCALATION')) {
      const key = t.taskId.slice(id.length + 1);
      expect((await post(`/exchanges/${id}/actions/complete-duty`, { key, note: '已完成' })).status).toBe(200);
    }
    await handle.result();
    expect((await get()).state).toBe('closed');
    await histories.add('exchange-month', handle);
  });

  it('replays the recorded exchange history with the current workflow code', async () => {
    expect(await replayFailures(await workflowBundle(), histories.all)).toEqual([]);
  });
});

describe('monthly data exchange schedule (dev server)', () => {
  let harness: ApiHarness;
  beforeAll(async () => {
    harness = await startApiHarness('dev');
  });
  afterAll(() => harness?.stop());

  it('schedules each county on the 1st of the month, Asia/Shanghai, once however often it is ensured', async () => {
    const client = harness.env.client;
    await reconcileSchedules(client, exchangeSchedules(harness.taskQueue, [COUNTY]));
    await reconcileSchedules(client, exchangeSchedules(harness.taskQueue, [COUNTY]));
    const schedule = await client.schedule.getHandle(`monthly-exchange-${COUNTY}`).describe();
    expect(schedule.spec.timezone).toBe('Asia/Shanghai');
    expect(schedule.spec.calendars).toEqual([expect.objectContaining({ dayOfMonth: [{ start: 1, end: 1, step: 1 }], hour: [{ start: 0, end: 0, step: 1 }] })]);
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'monthlyExchangeWorkflow' });
  });
});
