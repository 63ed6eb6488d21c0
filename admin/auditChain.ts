import type { Tx } from '../db/pool';
import { GENESIS_HASH, entryHash, payloadDigest, type AuditEntryFields } from '../activities/subjectEvents';

/** One subject_events row as the verifier reads it: the hashed fields, the stored hashes and the payload's canonical text. */
export interface AuditRow extends AuditEntryFields {
  entryHash: string;
  /** `payload::text`: never printed, only hashed. */
  payloadText: string;
}

/** Where a walk stands: the last verified entry (none yet: chain_seq 0 and the genesis hash). */
export interface ChainHead {
  chainSeq: bigint;
  entryHash: string;
}

export const GENESIS: ChainHead = { chainSeq: 0n, entryHash: GENESIS_HASH };

export type BreakReason = 'chain_seq gap' | 'prev_hash does not link' | 'payload digest mismatch' | 'entry hash mismatch';

/** The first broken link: identifiers only, never the payload. */
export interface ChainBreak {
  chainSeq: string;
  subjectType: string;
  subjectId: string;
  seq: number;
  reason: BreakReason;
}

export type ChainCheck = { ok: true; verified: number; head: ChainHead } | { ok: false; verified: number; head: ChainHead; broken: ChainBreak };

/**
 * Recomputes each entry's hash in chain_seq order from `from` on (pure: no
 * database). Stops at the first entry that does not follow, does not link to
 * its predecessor, or whose stored digest or hash differs from the recomputed one.
 */
export function verifyChain(rows: Iterable<AuditRow>, from: ChainHead = GENESIS): ChainCheck {
  let head = from;
  let verified = 0;
  for (const row of rows) {
    const reason = checkEntry(row, head);
    if (reason) {
      return { ok: false, verified, head, broken: { chainSeq: row.chainSeq, subjectType: row.subjectType, subjectId: row.subjectId, seq: row.seq, reason } };
    }
    head = { chainSeq: BigInt(row.chainSeq), entryHash: row.entryHash };
    verified += 1;
  }
  return { ok: true, verified, head };
}

function checkEntry(row: AuditRow, head: ChainHead): BreakReason | undefined {
  if (BigInt(row.chainSeq) !== head.chainSeq + 1n) return 'chain_seq gap';
  if (row.prevHash !== head.entryHash) return 'prev_hash does not link';
  if (payloadDigest(row.payloadText) !== row.payloadDigest) return 'payload digest mismatch';
  if (entryHash(row) !== row.entryHash) return 'entry hash mismatch';
  return undefined;
}

type Queryable = Pick<Tx, 'query'>;

interface DbRow {
  chain_seq: string;
  subject_type: string;
  subject_id: string;
  seq: number;
  event_type: string;
  from_state: string;
  to_state: string;
  actor_id: string;
  actor_region: string;
  payload_digest: string;
  occurred_at: string;
  prev_hash: string;
  entry_hash: string;
  payload_text: string;
}

/** Reads the chain after `afterChainSeq`, one page in chain_seq order. */
export async function readAuditPage(db: Queryable, afterChainSeq: bigint, limit: number): Promise<AuditRow[]> {
  const rows = await db.query<DbRow>(
    `SELECT chain_seq::text AS chain_seq, subject_type, subject_id, seq, event_type, from_state, to_state, actor_id, actor_region,
            payload_digest, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
            prev_hash, entry_hash, payload::text AS payload_text
     FROM subject_events WHERE subject_events.chain_seq > $1 ORDER BY subject_events.chain_seq LIMIT $2`,
    [afterChainSeq.toString(), limit],
  );
  return rows.map((r) => ({
    chainSeq: r.chain_seq,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    seq: r.seq,
    eventType: r.event_type,
    fromState: r.from_state,
    toState: r.to_state,
    actorId: r.actor_id,
    actorRegion: r.actor_region,
    payloadDigest: r.payload_digest,
    occurredAt: r.occurred_at,
    prevHash: r.prev_hash,
    entryHash: r.entry_hash,
    payloadText: r.payload_text,
  }));
}

/**
 * Walks the whole chain from the genesis, page by page. Entries appended while
 * it runs are verified too (each page starts after the last verified entry).
 */
export async function verifyAuditLog(db: Queryable, pageSize = 1000): Promise<ChainCheck> {
  let head = GENESIS;
  let verified = 0;
  for (;;) {
    const page = await readAuditPage(db, head.chainSeq, pageSize);
    const check = verifyChain(page, head);
    verified += check.verified;
    if (!check.ok) return { ...check, verified };
    head = check.head;
    if (page.length < pageSize) return { ok: true, verified, head };
  }
}

/** What `npm run audit:verify` prints: ids, seq numbers and hashes only. */
export function describeCheck(check: ChainCheck): string {
  if (check.ok) {
    return check.verified === 0
      ? '0 entries verified (the audit log is empty)'
      : `${check.verified} entries verified; head chain_seq ${check.head.chainSeq} entry_hash ${check.head.entryHash}`;
  }
  const b = check.broken;
  return (
    `audit chain broken at chain_seq ${b.chainSeq} (${b.subjectType} ${b.subjectId} seq ${b.seq}): ${b.reason}; ` +
    `${check.verified} entries before it verified (last good chain_seq ${check.head.chainSeq})`
  );
}
