import { randomUUID } from 'node:crypto';
import { Worker, NativeConnection } from '@temporalio/worker';
import { shanghaiDateOf } from '../domain/calendarDate';
import { idNumber } from '../test/support/ids';
import { bareReceipt, bareWorkflow } from './bareWorkflow';
import { startStack, TEMPORAL_PORT } from './stack';
import { deadline, p50p95 } from './support';

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
  const receive = async (i: number) => {
    const res = await fetch(`${stack.api}/api/v1/warnings`, {
      method: 'POST', headers: { ...clerk, 'content-type': 'application/json' },
      body: JSON.stringify({
        source: 'PROVINCIAL_CLUE', sourceId: `BENCH-${randomUUID()}`, idNumber: idNumber('19580312', 100 + (i % 800)), townshipCode: '430681103',
        hardshipType: 'MEDICAL', receivedOn: shanghaiDateOf(Date.now()), detail: '压测预警',
      }),
    });
    if (res.status !== 201) throw new Error(`receipt ${res.status}: ${await res.text()}`);
  };
  const connection = await NativeConnection.connect({ address: `127.0.0.1:${TEMPORAL_PORT}` });
  const bare = await Worker.create({ connection, taskQueue: 'bench-bare', workflowsPath: require.resolve('./bareWorkflow') });
  const bareRound = async () => {
    const handle = await stack.temporal.workflow.start(bareWorkflow, { taskQueue: 'bench-bare', workflowId: `bare-${randomUUID()}` });
    await handle.executeUpdate(bareReceipt);
  };
  await bare.runUntil(async () => {
    await closedLoop(32, CONCURRENCY, receive); // warm-up: JIT, caches, connections
    await closedLoop(32, CONCURRENCY, bareRound);
    const cases = await closedLoop(N, CONCURRENCY, receive);
    const bareRun = await closedLoop(N, CONCURRENCY, bareRound);
    console.log(`receipts at concurrency ${CONCURRENCY}, ${N} each (2-core shared machine, one worker process, in-memory dev server)`);
    console.log(`case receipt POST /warnings: ${cases.perSecond.toFixed(1)}/s, ${p50p95(cases.latencies)}`);
    console.log(`bare start-and-update:       ${bareRun.perSecond.toFixed(1)}/s, ${p50p95(bareRun.latencies)}`);
    console.log(`ratio case / bare throughput: ${(cases.perSecond / bareRun.perSecond).toFixed(2)}`);
  });
  await connection.close();
  await stack.stop();
  process.exit(0);
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
