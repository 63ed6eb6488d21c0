import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
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
 * in one workflow task: the deadline and the recording are local activities, so
 * a case has no activity task before its receipt.
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

  // Refused before its body is read: a body the parser would refuse (413, over 256 kB) is not even looked at.
  const oversized = await request(idle).post('/api/v1/warnings').set(api.as.clerk).set('content-type', 'application/json').send(`{"detail": "${'x'.repeat(300_000)}"}`);
  expect(oversized.status).toBe(429);

  expect((await Promise.all(held)).map((r) => r.status)).toEqual([202, 202]);
  const again = await post(refused);
  expect(again.status).toBe(202);
});

it('admits 8 steps per core by default (AIDLOOP_MAX_INFLIGHT_STEPS unset), and refuses the next', async () => {
  const idle = buildApp({
    db: api.db, temporal: api.env.client, taskQueue: `idle-${randomUUID()}`, pseudonymKey: TEST_PSEUDONYM_KEY,
    stepTimeoutMs: 3000, verifyToken: api.harness.verifyToken,
  });
  const limit = 8 * availableParallelism();
  const held = Array.from({ length: limit }, () => request(idle).post('/api/v1/warnings').set(api.as.clerk).send(warning()).then((res) => res));
  await new Promise((r) => setTimeout(r, 1000));
  expect((await request(idle).post('/api/v1/warnings').set(api.as.clerk).send(warning())).status).toBe(429);
  expect((await Promise.all(held)).map((r) => r.status)).toEqual(Array(limit).fill(202));
});

it('receives a case without an activity task: one patch marker, the deadline planned by the API, the record by a local activity', async () => {
  const res = await request(api.app).post('/api/v1/warnings').set(api.as.clerk).send(warning());
  expect(res.status).toBe(201);
  const { events } = await api.env.client.workflow.getHandle(res.body.caseId).fetchHistory();
  const upToReceipt = events!.slice(0, events!.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes) + 1);
  expect(upToReceipt.filter((e) => e.markerRecordedEventAttributes).map((e) => e.markerRecordedEventAttributes?.markerName))
    .toEqual(['core_patch', 'core_local_activity']);
  expect(upToReceipt.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
  // Its search attributes came with the start: the only upsert is the patch's own.
  expect(upToReceipt.flatMap((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {})))
    .toEqual(['TemporalChangeVersion']);
  expect(res.body.verification).toMatchObject({ workingDays: 40, provisional: expect.any(Boolean) });
});
