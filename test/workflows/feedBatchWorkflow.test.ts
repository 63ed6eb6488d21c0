import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { ingestFeed, type IngestRequest } from '../../api/feeds/ingest';
import type { Db } from '../../db/pool';
import { feedBatchWorkflow } from '../../workflows';
import { feedBatchProgressQuery, feedBatchWorkflowId } from '../../workflows/feedBatchMessages';
import { createWorker } from '../../worker/createWorker';
import { TEST_PSEUDONYM_KEY } from '../support/apiHarness';
import { testDb } from '../support/db';
import { eventually } from '../support/eventually';
import { idNumber } from '../support/ids';
import { devServerEnv, workflowBundle } from '../support/temporal';

/**
 * A batch survives its worker: the worker is stopped mid-batch, a new one
 * goes on, and every case the batch calls for is started exactly once.
 */
const N = 60;
const TOWNSHIP = '430681103'; // 古培镇
let env: TestWorkflowEnvironment;
let db: Db;
let bundle: WorkflowBundle;
const taskQueue = `feeds-${randomUUID()}`;

beforeAll(async () => {
  [env, bundle] = await Promise.all([devServerEnv(), workflowBundle()]);
  db = testDb();
});
afterAll(async () => {
  await env?.teardown();
  await db?.close();
});

const people = Array.from({ length: N }, (_, i) => idNumber('19710203', 100 + i));
const request = (kind: IngestRequest['kind']): IngestRequest => ({ kind, regionCode: '430681', fileName: '', format: 'csv', encoding: 'utf-8', uploadedBy: 'feeds-test' });
const stage = (kind: IngestRequest['kind'], lines: string[]) => ingestFeed(db, TEST_PSEUDONYM_KEY, request(kind), Readable.from([lines.join('\n')]));
const newWorker = () => createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, db, temporal: env.client, workflowBundle: bundle });
const run = (batchId: string, chunkSize: number) =>
  env.client.workflow.start(feedBatchWorkflow, { workflowId: feedBatchWorkflowId(batchId), taskQueue, args: [{ batchId, chunkSize }] });

it('goes on after its worker is stopped mid-batch, starting each case once', async () => {
  const registry = await stage('LOW_INCOME_REGISTRY', [
    'idNumber,householdIdNumber,relation,category,townshipCode,householdAnnualIncomeYuan',
    ...people.map((id) => `${id},${id},APPLICANT,DIBIAN,${TOWNSHIP},100000`),
  ]);
  const medical = await stage('MEDICAL_COSTS', [
    'settlementId,idNumber,townshipCode,settledOn,outOfPocketYuan',
    ...people.map((id, i) => `KILL-${i},${id},${TOWNSHIP},2026-08-01,30000`),
  ]);
  expect([registry.rowsRejected, medical.rowsRejected]).toEqual([0, 0]);

  const first = await newWorker();
  const firstRun = first.run();
  await (await run(registry.batchId, 200)).result();
  const handle = await run(medical.batchId, 5);
  await eventually(() => handle.query(feedBatchProgressQuery), (p) => p.casesOpened >= 10);
  first.shutdown(); // mid-batch: in-flight chunks are cancelled and retried by the next worker
  await firstRun;
  // No worker answers queries now; the warnings raised so far are on record.
  const [stopped] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM feed_warnings WHERE batch_id = $1 AND raised_at IS NOT NULL', [medical.batchId]);
  expect(stopped?.n).toBeLessThan(N);

  const second = await newWorker();
  const report = await second.runUntil(handle.result());
  expect(report).toMatchObject({ phase: 'DONE', matched: N, warningsRaised: N, casesOpened: N, cluesAttached: 0 });

  const caseIds = (await db.query<{ case_id: string }>('SELECT case_id FROM feed_warnings WHERE batch_id = $1', [medical.batchId])).map((r) => r.case_id);
  expect(new Set(caseIds).size).toBe(N);
  const runs = await eventually(async () => {
    const seen: string[] = [];
    for await (const w of env.client.workflow.list({ query: `WorkflowType = 'caseWorkflow' AND TaskQueue = '${taskQueue}'` })) seen.push(w.workflowId);
    return seen;
  }, (seen) => seen.length >= N);
  expect(runs.length).toBe(N);
  expect(new Set(runs)).toEqual(new Set(caseIds));
  const [batch] = await db.query<{ state: string }>('SELECT state FROM feed_batches WHERE batch_id = $1', [medical.batchId]);
  expect(batch?.state).toBe('DONE');
});
