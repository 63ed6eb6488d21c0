import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Worker, NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { shanghaiDateOf } from '../domain/calendarDate';
import { bareActivities, bareReceipt, bareReceiptShapedWorkflow, bareRecordedWorkflow, bareWorkflow } from './bareWorkflow';
import { receivedCaseSearchAttributes } from '../workflows/caseStart';
import { startOnce } from '../workflows/startOnce';
import { startStack, TEMPORAL_PORT } from './stack';
import { cpuPerRequest, cpuSnapshot, type CpuSnapshot } from './cpu';
import { BENCH_APP_URL, deadline, freshPersons, p50p95, percentile } from './support';

/**
 * Case receipt (POST /warnings over HTTP: the API, a worker process, the dev
 * server and PostgreSQL) at concurrency 16, next to a bare Temporal
 * start-and-update on the same server (bench/bareWorkflow.ts, its own worker),
 * and the same bare round with one empty local activity before the answer (what
 * any workflow that records its own receipt adds), and the floor of a receipt
 * (the least a receipt is, without any work of the service's own: POST over
 * HTTP to an express route that starts a workflow with the case's search
 * attributes and updates it; one empty local activity before the answer, then
 * the verification timer), in alternating rounds.
 * Run: `npx tsx bench/receipts.ts`.
 */
const CONCURRENCY = 16;
const N = Number(process.env.BENCH_N ?? 480);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

/** Runs `n` calls of `fn` with `concurrency` in flight; latencies and wall time. */
async function closedLoop(n: number, concurrency: number, fn: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      await fn(i);
      latencies.push(performance.now() - t);
    }
  }));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/** Several closed loops' latencies, time and CPU (per part) added up. */
function phase() {
  const total = { n: 0, latencies: [] as number[], seconds: 0, cpu: {} as CpuSnapshot };
  return {
    total,
    add(n: number, run: { latencies: number[]; seconds: number }, before: CpuSnapshot, after: CpuSnapshot) {
      total.n += n;
      total.latencies.push(...run.latencies);
      total.seconds += run.seconds;
      for (const k of Object.keys(after)) total.cpu[k] = (total.cpu[k] ?? 0) + after[k]! - (before[k] ?? 0);
    },
    perSecond: () => total.n / total.seconds,
  };
}

async function main(): Promise<void> {
  deadline(600);
  const stack = await startStack();
  const clerk = await stack.headersOf({ userId: 'bench-clerk', role: 'TOWNSHIP_STAFF', regionCode: '430681103' });
  const person = freshPersons();
  let lastCase = '';
  const warning = () => JSON.stringify({
    source: 'PROVINCIAL_CLUE', sourceId: `BENCH-${randomUUID()}`, idNumber: person(), townshipCode: '430681103',
    hardshipType: 'MEDICAL', receivedOn: shanghaiDateOf(Date.now()), detail: '压测预警',
  });
  const post = async (url: string, headers: Record<string, string>) => {
    const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: warning() });
    if (res.status !== 201) throw new Error(`receipt ${res.status}: ${await res.text()}`);
    return (await res.json()) as { caseId: string };
  };
  const receive = async () => { lastCase = (await post(`${stack.api}/api/v1/warnings`, clerk)).caseId; };
  const connection = await NativeConnection.connect({ address: `127.0.0.1:${TEMPORAL_PORT}` });
  const bare = await Worker.create({
    connection, taskQueue: 'bench-bare', workflowsPath: require.resolve('./bareWorkflow'), activities: bareActivities, enableNonLocalActivities: false,
  });
  let lastBare = '';
  const bareRoundOf = (workflow: typeof bareWorkflow) => async () => {
    const handle = await stack.temporal.workflow.start(workflow, { taskQueue: 'bench-bare', workflowId: `bare-${randomUUID()}` });
    await handle.executeUpdate(bareReceipt);
    lastBare = handle.workflowId;
  };
  const bareRound = bareRoundOf(bareWorkflow);
  const recordedRound = bareRoundOf(bareRecordedWorkflow);
  // The floor's route, in this process (its CPU counts under "bench").
  const floorApp = express().use(express.json()).post('/warnings', async (req, res) => {
    const workflowId = `floor-${randomUUID()}`;
    const searchAttributes = receivedCaseSearchAttributes((req.body as { townshipCode: string }).townshipCode);
    await startOnce(stack.temporal, bareReceiptShapedWorkflow, { workflowId, taskQueue: 'bench-bare', args: [], searchAttributes });
    await stack.temporal.workflow.getHandle(workflowId).executeUpdate(bareReceipt);
    res.status(201).json({ caseId: workflowId });
  });
  const floorServer = floorApp.listen(0, '127.0.0.1');
  await new Promise((r) => floorServer.once('listening', r));
  const floorUrl = `http://127.0.0.1:${(floorServer.address() as AddressInfo).port}/warnings`;
  let lastFloor = '';
  const floorRound = async () => { lastFloor = (await post(floorUrl, {})).caseId; };
  const cpu = () => cpuSnapshot(stack.groups, BENCH_APP_URL);
  const historyEvents = async (workflowId: string) => {
    const events = (await stack.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const types = events.map((e) => String(temporal.api.enums.v1.EventType[e.eventType ?? 0]).replace('EVENT_TYPE_', '').toLowerCase());
    return `${events.length} history events (${types.join(' ')})`;
  };
  await bare.runUntil(async () => {
    await closedLoop(32, CONCURRENCY, receive); // warm-up: JIT, caches, connections
    await closedLoop(32, CONCURRENCY, bareRound);
    await closedLoop(32, CONCURRENCY, recordedRound);
    await closedLoop(32, CONCURRENCY, floorRound);
    // Alternating rounds, so a neighbour's load on this shared machine weighs on both sides alike.
    const cases = phase();
    const bareRun = phase();
    const recordedRun = phase();
    const floorRun = phase();
    const perRound = Math.ceil(N / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [run, fn] of [[cases, receive], [bareRun, bareRound], [recordedRun, recordedRound], [floorRun, floorRound]] as const) {
        const before = await cpu();
        const loop = await closedLoop(perRound, CONCURRENCY, fn);
        run.add(perRound, loop, before, await cpu());
      }
    }
    console.log(`receipts at concurrency ${CONCURRENCY}, ${cases.total.n} each in ${ROUNDS} alternating rounds (2-core shared machine, one worker process, in-memory dev server)`);
    console.log(`case receipt POST /warnings: ${cases.perSecond().toFixed(1)}/s, ${p50p95(cases.total.latencies)}`);
    if (process.env.BENCH_DECILES) console.log([10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 100].map((p) => `${p}:${percentile(cases.total.latencies, p).toFixed(0)}`).join(" "));
    console.log(`bare start-and-update:       ${bareRun.perSecond().toFixed(1)}/s, ${p50p95(bareRun.total.latencies)}`);
    console.log(`ratio case / bare throughput: ${(cases.perSecond() / bareRun.perSecond()).toFixed(2)}`);
    console.log(`case receipt: ${cpuPerRequest({}, cases.total.cpu, cases.total.n)}; so far ${await historyEvents(lastCase)}`);
    console.log(`bare round:   ${cpuPerRequest({}, bareRun.total.cpu, bareRun.total.n)}`);
    console.log(`bare round with one local activity (writing nothing) before the answer: ${recordedRun.perSecond().toFixed(1)}/s, ${p50p95(recordedRun.total.latencies)}; `
      + `${(recordedRun.perSecond() / bareRun.perSecond()).toFixed(2)} of the bare round; ${cpuPerRequest({}, recordedRun.total.cpu, recordedRun.total.n)}; ${await historyEvents(lastBare)}`);
    console.log(`floor of a receipt (HTTP to an express route, start with the case's search attributes, update, one empty local activity, the timer): `
      + `${floorRun.perSecond().toFixed(1)}/s, ${p50p95(floorRun.total.latencies)}; ${(floorRun.perSecond() / bareRun.perSecond()).toFixed(2)} of the bare round; `
      + `${cpuPerRequest({}, floorRun.total.cpu, floorRun.total.n)}; ${await historyEvents(lastFloor)}`);
  });
  floorServer.close();
  await connection.close();
  await stack.stop();
  process.exit(0);
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
