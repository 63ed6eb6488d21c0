import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { buildApp } from '../../api/app';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { TEST_PSEUDONYM_KEY, useApiHarness } from '../support/apiHarness';
import { idNumber, uniqueSourceId } from '../support/ids';

/**
 * Steps under load, on the dev server. Admission control: with steps in flight
 * at the limit, the next one is answered 429 with Retry-After at once (nothing
 * written), reads still pass, and a slot frees when a step is answered (steps
 * are held in flight by sending them to a task queue no worker polls). Receipt
 * in one round: the deadline is planned by a local activity, so a case's only
 * activity task before its receipt is the recording.
 */
const TOWNSHIP = '430681103';
const api = useApiHarness('dev', { clerk: { userId: 'clerk-adm', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP } });

const warning = () => ({
  source: 'PROVINCIAL_CLUE', sourceId: uniqueSourceId(), idNumber: idNumber('19580301', 311), townshipCode: TOWNSHIP,
  hardshipType: 'MEDICAL', receivedOn: shanghaiDateOf(Date.now()), detail: '大额医疗费用支出预警',
});

it('answers 429 with Retry-After at once above the in-flight limit, and admits again when a step is answered', async () => {
  const idle = buildApp({
    db: api.db, temporal: api.env.client, taskQueue: `idle-${randomUUID()}`, pseudonymKey: TEST_PSEUDONYM_KEY,
    stepTimeoutMs: 3000, verifyToken: api.harness.verifyToken, maxInFlightSteps: 2,
  });
  const post = (body: object) => request(idle).post('/api/v1/warnings').set(api.as.clerk).send(body);
  const held = [post(warning()), post(warning())].map((r) => r.then((res) => res));
  await new Promise((r) => setTimeout(r, 500));

  const refused = warning();
  const started = Date.now();
  const res = await post(refused);
  expect({ status: res.status, retryAfter: res.headers['retry-after'], code: res.body.code }).toEqual({ status: 429, retryAfter: '1', code: 'OVERLOADED' });
  expect(Date.now() - started).toBeLessThan(1000);
  expect(await api.db.query(`SELECT 1 FROM cases WHERE source_id = $1`, [refused.sourceId])).toEqual([]);
  // Reads are not steps: they pass while the steps are full.
  expect((await request(idle).get('/api/v1/tasks').query({ region: TOWNSHIP, limit: 1 }).set(api.as.clerk)).status).toBe(200);

  expect((await Promise.all(held)).map((r) => r.status)).toEqual([202, 202]);
  const again = await post(refused);
  expect(again.status).toBe(202);
});

it('receives a case in one activity round: the deadline is a local activity marker, the recording the only activity task', async () => {
  const res = await request(api.app).post('/api/v1/warnings').set(api.as.clerk).send(warning());
  expect(res.status).toBe(201);
  const { events } = await api.env.client.workflow.getHandle(res.body.caseId).fetchHistory();
  const upToReceipt = events!.slice(0, events!.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes) + 1);
  expect(upToReceipt.filter((e) => e.markerRecordedEventAttributes).map((e) => e.markerRecordedEventAttributes?.markerName))
    .toEqual(expect.arrayContaining(['core_patch', 'core_local_activity']));
  expect(upToReceipt.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? [])).toEqual(['recordCaseEvent']);
  expect(res.body.verification).toMatchObject({ workingDays: 40, provisional: expect.any(Boolean) });
});
