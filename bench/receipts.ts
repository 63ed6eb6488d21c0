import { randomUUID } from 'node:crypto';
import { Worker, NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { shanghaiDateOf } from '../domain/calendarDate';
import { bareReceipt, bareWorkflow } from './bareWorkflow';
import { startStack, TEMPORAL_PORT } from './stack';
import { cpuPerRequest, cpuSnapshot } from './cpu';
import { BENCH_APP_URL, deadline, freshPersons, p50p95, percentile } from './support';

/**
 * Case receipt (POST /warnings over HTTP: the API, a worker process, the dev
 * server and PostgreSQL) at concurrency 16, next to a bare Temporal
 * start-and-update on the same server (bench/bareWorkflow.ts, its own worker).
 * Run: `npx tsx bench/receipts.ts`.
 */
const CONCURRENCY = 16;
const N = Number(process.env.BENCH_N ?? 320);

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
  const seconds = (performance.now() - started) / 1000;
  return { latencies, perSecond: n / seconds };
}

async function main(): Promise<void> {
  deadline(600);
  const stack = await startStack();
  const clerk = await stack.headersOf({ userId: 'bench-clerk', role: 'TOWNSHIP_STAFF', regionCode: '430681103' });
  const person = freshPersons();
  let lastCase = '';
  const receive = async () => {
    const res = await fetch(`${stack.api}/api/v1/warnings`, {
      method: 'POST', headers: { ...clerk, 'content-type': 'application/json' },
      body: JSON.stringify({
        source: 'PROVINCIAL_CLUE', sourceId: `BENCH-${randomUUID()}`, idNumber: person(), townshipCode: '430681103',
        hardshipType: 'MEDICAL', receivedOn: shanghaiDateOf(Date.now()), detail: '压测预警',
      }),
    });
    if (res.status !== 201) throw new Error(`receipt ${res.status}: ${await res.text()}`);
    lastCase = ((await res.json()) as { caseId: string }).caseId;
  };
  const connection = await NativeConnection.connect({ address: `127.0.0.1:${TEMPORAL_PORT}` });
  const bare = await Worker.create({ connection, taskQueue: 'bench-bare', workflowsPath: require.resolve('./bareWorkflow') });
  let lastBare = '';
  const bareRound = async () => {
    const handle = await stack.temporal.workflow.start(bareWorkflow, { taskQueue: 'bench-bare', workflowId: `bare-${randomUUID()}` });
    await handle.executeUpdate(bareReceipt);
    lastBare = handle.workflowId;
  };
  const cpu = () => cpuSnapshot(stack.groups, BENCH_APP_URL);
  const historyEvents = async (workflowId: string) => {
    const events = (await stack.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const types = events.map((e) => String(temporal.api.enums.v1.EventType[e.eventType ?? 0]).replace('EVENT_TYPE_', '').toLowerCase());
    return `${events.length} history events (${types.join(' ')})`;
  };
  await bare.runUntil(async () => {
    await closedLoop(32, CONCURRENCY, receive); // warm-up: JIT, caches, connections
    await closedLoop(32, CONCURRENCY, bareRound);
    const cpu0 = await cpu();
    const cases = await closedLoop(N, CONCURRENCY, receive);
    const cpu1 = await cpu();
    const bareRun = await closedLoop(N, CONCURRENCY, bareRound);
    const cpu2 = await cpu();
    console.log(`receipts at concurrency ${CONCURRENCY}, ${N} each (2-core shared machine, one worker process, in-memory dev server)`);
    console.log(`case receipt POST /warnings: ${cases.perSecond.toFixed(1)}/s, ${p50p95(cases.latencies)}`);
    if (process.env.BENCH_DECILES) console.log([10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 100].map((p) => `${p}:${percentile(cases.latencies, p).toFixed(0)}`).join(" "));
    console.log(`bare start-and-update:       ${bareRun.perSecond.toFixed(1)}/s, ${p50p95(bareRun.latencies)}`);
    console.log(`ratio case / bare throughput: ${(cases.perSecond / bareRun.perSecond).toFixed(2)}`);
    console.log(`case receipt: ${cpuPerRequest(cpu0, cpu1, N)}; so far ${await historyEvents(lastCase)}`);
    console.log(`bare round:   ${cpuPerRequest(cpu1, cpu2, N)}; ${await historyEvents(lastBare)}`);
  });
  await connection.close();
  await stack.stop();
  process.exit(0);
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
