import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Client } from 'pg';
import { GENESIS_HASH, entryHash, payloadDigest, recordSubjectEvent } from '../activities/subjectEvents';
import { verifyAuditLog } from '../admin/auditChain';
import { runMigrations } from '../db/migrate';
import { createDb, type Db } from '../db/pool';

/**
 * `npx tsx bench/auditChain.ts`: audit appends/s with 16 concurrent writers,
 * all in one county (one chain, one lock: what the single global chain did for
 * every writer) and then spread over 16 counties (16 chains), in the same run;
 * then `audit:verify`'s walk over a bulk-loaded log, as seconds per million
 * entries. Uses a dedicated database, reset at the start:
 *   psql -h 127.0.0.1 -p 54329 -U postgres -c 'CREATE DATABASE aidloop_bench_audit OWNER aidloop'
 * Bounded in time: BENCH_SECONDS per phase (default 10), BENCH_VERIFY_ENTRIES (default 200000).
 */
const URL = process.env.BENCH_DATABASE_URL ?? 'postgres://aidloop:aidloop@127.0.0.1:54329/aidloop_bench_audit';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const VERIFY_ENTRIES = Number(process.env.BENCH_VERIFY_ENTRIES ?? 200_000);
const WRITERS = 16;

async function resetSchema(): Promise<void> {
  const client = new Client({ connectionString: URL });
  await client.connect();
  await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await client.end();
  await runMigrations(URL);
}

/** 16 writers append for SECONDS, each its own subject, in the region `regionOf(writer)`; returns appends/s. */
async function appendRate(db: Db, regionOf: (writer: number) => string): Promise<number> {
  const until = Date.now() + SECONDS * 1000;
  const counts = await Promise.all(Array.from({ length: WRITERS }, async (_, w) => {
    const subject = `bench-${randomUUID()}`;
    const actor = { userId: `clerk-${w}`, regionCode: regionOf(w) };
    let seq = 0;
    while (Date.now() < until) {
      seq += 1;
      await db.withTransaction((tx) => recordSubjectEvent(tx, 'CASE', subject, {
        seq, eventType: 'STEP', actor, payload: { seq, note: '入户核查' }, occurredAtMs: 0, fromState: 'a', toState: 'b', at: new Date(),
      }));
    }
    return seq;
  }));
  return counts.reduce((a, b) => a + b, 0) / SECONDS;
}

/** Bulk-loads `n` valid entries into one chain (hashes computed here, 1000 rows per INSERT). */
async function bulkLoad(db: Db, chainKey: string, n: number): Promise<void> {
  let prev = GENESIS_HASH;
  const at = '2026-01-01T00:00:00.000Z';
  for (let start = 1; start <= n; start += 1000) {
    const values: unknown[] = [];
    const rows: string[] = [];
    for (let seq = start; seq < Math.min(start + 1000, n + 1); seq++) {
      const payloadText = `{"seq": ${seq}}`; // jsonb's own text for this value
      const fields = {
        chainKey, chainSeq: String(seq), subjectType: 'CASE', subjectId: 'bench-bulk', seq, eventType: 'STEP', fromState: 'a', toState: 'b',
        actorId: 'clerk-bulk', actorRegion: `${chainKey}101`, payloadDigest: payloadDigest(payloadText), occurredAt: at, prevHash: prev,
      };
      const hash = entryHash(fields);
      const p = values.length;
      rows.push(`('CASE','bench-bulk',$${p + 1}::int,'STEP','a','b','clerk-bulk',$${p + 2},$${p + 3}::jsonb,'${at}',$${p + 4},$${p + 1}::bigint,$${p + 5},$${p + 6},$${p + 7})`);
      values.push(seq, fields.actorRegion, payloadText, chainKey, prev, hash, fields.payloadDigest);
      prev = hash;
    }
    await db.query(
      `INSERT INTO subject_events (subject_type, subject_id, seq, event_type, from_state, to_state, actor_id, actor_region, payload, occurred_at,
                                   chain_key, chain_seq, prev_hash, entry_hash, payload_digest) VALUES ${rows.join(',')}`,
      values,
    );
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), shared; ${WRITERS} writers, ${SECONDS} s per phase`);
  await resetSchema();
  const db = createDb(URL, WRITERS + 2);
  try {
    const single = await appendRate(db, () => '430681101');
    console.log(`before (one chain, one lock for every writer): ${single.toFixed(0)} appends/s`);
    const sharded = await appendRate(db, (w) => `43${String(10 + w).padStart(2, '0')}21101`);
    console.log(`after (16 county chains):                       ${sharded.toFixed(0)} appends/s (x${(sharded / single).toFixed(1)})`);

    await bulkLoad(db, '439999', VERIFY_ENTRIES);
    const started = Date.now();
    const check = await verifyAuditLog(db);
    const seconds = (Date.now() - started) / 1000;
    if (!check.ok) throw new Error('the bench log does not verify');
    console.log(`audit:verify: ${check.verified} entries in ${seconds.toFixed(1)} s = ${((seconds / check.verified) * 1e6).toFixed(0)} s per million entries`);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
