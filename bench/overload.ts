import { randomUUID } from 'node:crypto';
import { shanghaiDateOf } from '../domain/calendarDate';
import { startStack, type Stack } from './stack';
import { deadline, fmt, freshPersons, p50p95 } from './support';

/**
 * Steps offered above saturation: receipts (POST /warnings) sent open-loop at
 * 1×, 2× and 4× the rate the stack sustains (measured first, closed loop at
 * concurrency 16), with admission control (AIDLOOP_MAX_INFLIGHT_STEPS=16,
 * the default) and without it (the baseline: a limit no load reaches). Goodput
 * is receipts confirmed (201) per second. Run: `npx tsx bench/overload.ts`.
 */
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 10);

interface Outcome { status: number; ms: number }

async function receiver(stack: Stack) {
  const clerk = await stack.headersOf({ userId: 'bench-clerk', role: 'TOWNSHIP_STAFF', regionCode: '430681103' });
  const person = freshPersons();
  return async (): Promise<Outcome> => {
    const t = performance.now();
    const res = await fetch(`${stack.api}/api/v1/warnings`, {
      method: 'POST', headers: { ...clerk, 'content-type': 'application/json' },
      body: JSON.stringify({
        source: 'PROVINCIAL_CLUE', sourceId: `BENCH-${randomUUID()}`, idNumber: person(), townshipCode: '430681103',
        hardshipType: 'MEDICAL', receivedOn: shanghaiDateOf(Date.now()), detail: '压测预警',
      }),
    });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t };
  };
}

async function saturation(send: () => Promise<Outcome>): Promise<number> {
  let ok = 0;
  const until = performance.now() + WINDOW_S * 1000;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (performance.now() < until) if ((await send()).status === 201) ok++;
  }));
  return ok / WINDOW_S;
}

async function offer(send: () => Promise<Outcome>, perSecond: number): Promise<string> {
  const sent: Promise<Outcome>[] = [];
  const started = performance.now();
  for (let k = 0; performance.now() - started < WINDOW_S * 1000; k++) {
    const due = started + (k * 1000) / perSecond;
    if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    sent.push(send());
  }
  const outcomes = await Promise.all(sent);
  const elapsed = (performance.now() - started) / 1000;
  const count = (s: number) => outcomes.filter((o) => o.status === s).length;
  const ok = outcomes.filter((o) => o.status === 201);
  const refused = outcomes.filter((o) => o.status === 429).map((o) => o.ms);
  return `offered ${perSecond.toFixed(1)}/s: goodput ${(ok.length / elapsed).toFixed(1)}/s (201 ${ok.length}, 429 ${count(429)}, 202 ${count(202)}, other ${outcomes.length - ok.length - count(429) - count(202)}), `
    + `max wait ${fmt(Math.max(...outcomes.map((o) => o.ms)))}, max wait of a 201 ${fmt(Math.max(0, ...ok.map((o) => o.ms)))}, `
    + `${refused.length ? `429 answered in ${p50p95(refused)} (client side), ` : ''}drained in ${elapsed.toFixed(1)} s`;
}

async function main(): Promise<void> {
  deadline(900);
  console.log(`receipts offered above saturation, ${WINDOW_S} s per level (2-core shared machine; API, worker and dev server on it)`);
  let rate = 0;
  // BENCH_LIMITS=16,32: the in-flight limits to compare (each on a fresh stack), then the baseline without one.
  const limits = (process.env.BENCH_LIMITS ?? '').split(',').filter(Boolean);
  const configurations = [...limits.map((l) => [`admission control (limit ${l})`, l]), ['admission control (the default limit)', ''], ['baseline (no admission control)', '1000000']]
    .filter(([, l]) => !limits.length || l !== '');
  for (const [label, limit] of configurations as [string, string][]) {
    const stack = await startStack(limit ? { AIDLOOP_MAX_INFLIGHT_STEPS: limit } : {});
    try {
      const send = await receiver(stack);
      const warm = await saturation(send); // warm-up: bundle, JIT, caches
      const measured = Math.max(warm, await saturation(send));
      rate ||= measured; // both configurations are offered the same rates
      console.log(`${label}: saturation ${measured.toFixed(1)}/s closed loop at concurrency 16`);
      for (const m of [1, 2, 4]) console.log(`  ${m}× ${await offer(send, m * rate)}`);
    } finally {
      await stack.stop();
    }
  }
  process.exit(0);
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
