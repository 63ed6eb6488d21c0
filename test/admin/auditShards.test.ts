import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, LEGACY_CHAIN, chainKeyOf, recordSubjectEvent } from '../../activities/subjectEvents';
import { genesisOf, readAuditPage, verifyAuditLog, verifyChain } from '../../admin/auditChain';
import type { Db, Tx } from '../../db/pool';
import { ownerDb, testDb } from '../support/db';

const event = (seq: number, regionCode: string) => ({
  seq, eventType: `STEP_${seq}`, actor: { userId: `clerk-${regionCode}`, regionCode }, payload: { seq }, occurredAtMs: 0,
  fromState: 'a', toState: 'b', at: new Date(),
});

/** Counties of Hunan used only by this file, so the chains it checks are its own. */
const COUNTIES = ['430611', '430621', '430623', '430626'];

describe('audit chains per county', () => {
  let db: Db;
  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.close());

  it('the chain is the acting office county (a province office has its own)', () => {
    expect(chainKeyOf('430681101')).toBe('430681');
    expect(chainKeyOf('430681')).toBe('430681');
    expect(chainKeyOf('43')).toBe('43');
  });

  it('16 concurrent writers over 4 counties: every chain is gapless, linked and verifies', async () => {
    const perWriter = 12;
    await Promise.all(Array.from({ length: 16 }, async (_, w) => {
      const subject = `shard-${randomUUID()}`;
      const region = `${COUNTIES[w % COUNTIES.length]}1${String(w).padStart(2, '0')}`;
      for (let seq = 1; seq <= perWriter; seq++) await db.withTransaction((tx) => recordSubjectEvent(tx, 'CASE', subject, event(seq, region)));
    }));
    for (const county of COUNTIES) {
      const rows = await readAuditPage(db, county, 0n, 10_000);
      expect(rows.map((r) => Number(r.chainSeq))).toEqual(rows.map((_, i) => i + 1));
      expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
      expect(rows.every((r) => r.actorRegion.startsWith(county))).toBe(true);
      expect(verifyChain(rows, genesisOf(county))).toMatchObject({ ok: true, verified: rows.length });
    }
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('an append waits only for a writer of its own county', async () => {
    const holder = testDb();
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    let holding!: () => void;
    const held = new Promise<void>((r) => { holding = r; });
    // A transaction of county A appends and stays open: it holds A's chain lock.
    const open = holder.withTransaction(async (tx: Tx) => {
      await recordSubjectEvent(tx, 'CASE', `shard-${randomUUID()}`, event(1, `${COUNTIES[0]}101`));
      holding();
      await released;
    });
    await held;
    try {
      // Another county appends at once.
      const other = db.withTransaction((tx) => recordSubjectEvent(tx, 'CASE', `shard-${randomUUID()}`, event(1, `${COUNTIES[1]}101`)));
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise((r) => { timer = setTimeout(() => r('waited'), 3000); });
      await expect(Promise.race([other.then(() => 'done'), waited])).resolves.toBe('done');
      clearTimeout(timer);
      // The same county waits until A's transaction ends.
      let sameDone = false;
      const same = db.withTransaction((tx) => recordSubjectEvent(tx, 'CASE', `shard-${randomUUID()}`, event(1, `${COUNTIES[0]}102`))).then(() => { sameDone = true; });
      await new Promise((r) => setTimeout(r, 500));
      expect(sameDone).toBe(false);
      release();
      await same;
      expect(sameDone).toBe(true);
    } finally {
      release();
      await open;
      await holder.close();
    }
  });

  it('entries written before the split stay verifiable in the frozen legacy chain (v1 hashes, migration 008)', async () => {
    // Two rows as migration 008 chained them (its SQL definition), put in the legacy chain by the owner (each run starts from a fresh schema).
    const owner = ownerDb();
    try {
      {
        let prev = GENESIS_HASH;
        for (const seq of [1, 2]) {
          const [row] = await owner.query<{ entry_hash: string }>(
            `INSERT INTO subject_events (subject_type, subject_id, seq, event_type, from_state, to_state, actor_id, actor_region, payload, occurred_at,
                                         chain_key, chain_seq, prev_hash, payload_digest, entry_hash)
             SELECT 'CASE', 'legacy-case', $1::int, 'STEP', 'a', 'b', 'clerk-old', '430681101', '{"old": true}'::jsonb, '2026-01-01T00:00:00Z',
                    $2, $1::int, $3, audit_sha256('{"old": true}'),
                    audit_entry_hash($1::int, 'CASE', 'legacy-case', $1::int, 'STEP', 'a', 'b', 'clerk-old', '430681101', audit_sha256('{"old": true}'),
                                     '2026-01-01T00:00:00Z', $3)
             RETURNING entry_hash`,
            [seq, LEGACY_CHAIN, prev],
          );
          prev = row!.entry_hash;
        }
      }
    } finally {
      await owner.close();
    }
    const rows = await readAuditPage(db, LEGACY_CHAIN, 0n, 10);
    expect(verifyChain(rows, genesisOf(LEGACY_CHAIN))).toMatchObject({ ok: true, verified: rows.length });
    // The same row claimed by a county chain no longer verifies: v2 covers the chain key.
    expect(verifyChain(rows.map((r) => ({ ...r, chainKey: '430681' })), genesisOf('430681'))).toMatchObject({ ok: false, broken: { reason: 'entry hash mismatch' } });
  });
});
