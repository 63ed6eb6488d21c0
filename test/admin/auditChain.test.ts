import { randomUUID } from 'node:crypto';
import { entryHash, recordSubjectEvent } from '../../activities/subjectEvents';
import { describeBreak, describeCheck, genesisOf, readAuditPage, verifyAuditLog, verifyChain, type AuditRow } from '../../admin/auditChain';
import type { Db, Tx } from '../../db/pool';
import { ownerDb, testDb } from '../support/db';

const actor = { userId: 'clerk-audit', regionCode: '430681101' };

/** Appends `n` events for one new subject through the service's own writer. */
async function appendEvents(db: Db, subjectId: string, n: number): Promise<void> {
  for (let seq = 1; seq <= n; seq++) {
    await db.withTransaction((tx) =>
      recordSubjectEvent(tx, 'CASE', subjectId, {
        seq,
        eventType: `STEP_${seq}`,
        actor,
        // Keys out of order, nesting, non-ASCII and an undefined field: the digest is over what PostgreSQL stores.
        payload: { z: seq, a: { note: '入户核查 "quoted"', list: [1, 2.5, null] }, gone: undefined },
        occurredAtMs: 0,
        fromState: seq === 1 ? 'start' : `s${seq - 1}`,
        toState: `s${seq}`,
        at: new Date(Date.UTC(2026, 8, 1, 8, 0, seq, 123)),
      }),
    );
  }
}

/** The chain of the demo county: where the events of `actor` (a township of 430681) go. */
const CHAIN = '430681';

async function chainRowsOf(db: Db, subjectId: string): Promise<AuditRow[]> {
  const all = await readAuditPage(db, CHAIN, 0n, 1_000_000);
  return all.filter((r) => r.subjectId === subjectId);
}

/** Runs `fn` in a transaction that is always rolled back; rethrows what `fn` throws. */
async function inRolledBackTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const rollback = new Error('rollback');
  let result: T | undefined;
  try {
    await db.withTransaction(async (tx) => {
      result = await fn(tx);
      throw rollback;
    });
  } catch (err) {
    if (err !== rollback) throw err;
  }
  return result as T;
}

describe('tamper-evident audit chain over subject_events', () => {
  let db: Db;
  const subjectId = `audit-${randomUUID()}`;

  beforeAll(async () => {
    db = testDb();
    await appendEvents(db, subjectId, 3);
    // At least 10 entries even when this file runs alone: chain_seq order is numeric, not textual ('10' < '9').
    await appendEvents(db, `audit-${randomUUID()}`, 10);
  });
  afterAll(() => db.close());

  it('chains appends made through recordSubjectEvent, and the whole log verifies', async () => {
    const rows = await chainRowsOf(db, subjectId);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    const seqs = rows.map((r) => BigInt(r.chainSeq));
    expect(seqs[1]! > seqs[0]! && seqs[2]! > seqs[1]!).toBe(true);
    const check = await verifyAuditLog(db, { pageSize: 7 }); // small pages: the walk crosses page boundaries
    expect(check).toMatchObject({ ok: true });
    expect(check.verified).toBeGreaterThanOrEqual(3);
    expect(describeCheck(check)).toMatch(/^\d+ entries verified in \d+ chain\(s\); heads .*430681:\d+/);
  });

  it('a retried append writes nothing and consumes no chain position', async () => {
    const before = await chainRowsOf(db, subjectId);
    await appendEvents(db, subjectId, 2); // seq 1 and 2 again, as a retried activity would
    expect(await chainRowsOf(db, subjectId)).toEqual(before);
    const check = await verifyAuditLog(db);
    expect(check.ok).toBe(true);
  });

  it('computes the same hashes as the SQL definition used to chain older rows (migration 008)', async () => {
    const rows = await db.query<{ same_hash: boolean; same_digest: boolean }>(
      `SELECT audit_entry_hash_v2(chain_key, chain_seq, subject_type, subject_id, seq, event_type, from_state, to_state, actor_id, actor_region,
                               payload_digest, occurred_at, prev_hash) = entry_hash AS same_hash,
              audit_sha256(payload::text) = payload_digest AS same_digest
       FROM subject_events WHERE subject_type = 'CASE' AND subject_id = $1`,
      [subjectId],
    );
    expect(rows).toEqual([1, 2, 3].map(() => ({ same_hash: true, same_digest: true })));
  });

  describe('detects tampering (rows read from the database, altered in memory)', () => {
    let rows: AuditRow[];
    let at: number; // index of this subject's first event in the chain
    beforeAll(async () => {
      rows = await readAuditPage(db, CHAIN, 0n, 1_000_000);
      at = rows.findIndex((r) => r.subjectId === subjectId && r.seq === 1);
      expect(verifyChain(rows, genesisOf(CHAIN)).ok).toBe(true);
    });
    const tampered = (i: number, change: Partial<AuditRow>): AuditRow[] => rows.map((r, j) => (j === i ? { ...r, ...change } : r));

    it('an altered payload', () => {
      const check = verifyChain(tampered(at, { payloadText: '{"a": "changed"}' }), genesisOf(CHAIN));
      expect(check).toMatchObject({ ok: false, verified: at, broken: { chainSeq: rows[at]!.chainSeq, subjectId, seq: 1, reason: 'payload digest mismatch' } });
    });

    it('an altered actor', () => {
      const check = verifyChain(tampered(at, { actorId: 'someone-else' }), genesisOf(CHAIN));
      expect(check).toMatchObject({ ok: false, verified: at, broken: { chainSeq: rows[at]!.chainSeq, reason: 'entry hash mismatch' } });
    });

    it('an altered row whose own hash was recomputed breaks the next link', () => {
      const forged = { ...rows[at]!, actorId: 'someone-else' };
      forged.entryHash = entryHash(forged);
      const check = verifyChain(rows.map((r, j) => (j === at ? forged : r)), genesisOf(CHAIN));
      expect(check).toMatchObject({ ok: false, verified: at + 1, broken: { chainSeq: rows[at + 1]!.chainSeq, reason: 'prev_hash does not link' } });
    });

    it('a removed row', () => {
      const check = verifyChain(rows.filter((_, j) => j !== at), genesisOf(CHAIN));
      expect(check).toMatchObject({ ok: false, verified: at, broken: { chainSeq: rows[at + 1]!.chainSeq, reason: 'chain_seq gap' } });
    });

    it('reports ids and seq numbers, never the payload', () => {
      const check = verifyChain(tampered(at, { payloadText: '{"secret": "430681195803121230"}' }), genesisOf(CHAIN));
      if (check.ok) throw new Error('the tampered chain verified');
      const text = describeBreak(check.broken, check.verified);
      expect(text).toContain(`audit chain ${CHAIN} broken at chain_seq ${rows[at]!.chainSeq} (CASE ${subjectId} seq 1): payload digest mismatch`);
      expect(text).not.toContain('430681195803121230');
      expect(text).not.toContain('入户核查');
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE: the service role has no such privilege, and triggers stop even the owner', async () => {
    const where = `WHERE subject_type = 'CASE' AND subject_id = '${subjectId}' AND seq = 1`;
    const owner = ownerDb();
    try {
      for (const sql of [`UPDATE subject_events SET actor_id = 'x' ${where}`, `DELETE FROM subject_events ${where}`, 'TRUNCATE subject_events']) {
        if (process.env.TEST_APP_DATABASE_URL) await expect(inRolledBackTx(db, (tx) => tx.query(sql))).rejects.toThrow(/permission denied/);
        await expect(inRolledBackTx(owner, (tx) => tx.query(sql))).rejects.toThrow(/subject_events is append-only/);
      }
    } finally {
      await owner.close();
    }
    expect(await chainRowsOf(db, subjectId)).toHaveLength(3);
  });

  it('finds a row altered in the database with the trigger disabled by the owner (rolled back afterwards)', async () => {
    const [first] = await chainRowsOf(db, subjectId);
    const owner = ownerDb();
    const check = await inRolledBackTx(owner, async (tx) => {
      await tx.query('ALTER TABLE subject_events DISABLE TRIGGER subject_events_no_update_delete');
      await tx.query(`UPDATE subject_events SET payload = '{"a": "changed"}' WHERE subject_type = 'CASE' AND subject_id = $1 AND seq = 1`, [subjectId]);
      return verifyAuditLog(tx);
    });
    await owner.close();
    expect(check).toMatchObject({ ok: false, broken: { chainSeq: first!.chainSeq, subjectId, seq: 1, reason: 'payload digest mismatch' } });
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });
});
