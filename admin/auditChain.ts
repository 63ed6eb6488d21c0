import type { Tx } from '../db/pool';
import { GENESIS_HASH, entryHash, payloadDigest, type AuditEntryFields } from '../activities/subjectEvents';

/** One subject_events row as the verifier reads it: the hashed fields, the stored hashes and the payload's canonical text. */
export interface AuditRow extends AuditEntryFields {
  entryHash: string;
  /** `payload::text`: never printed, only hashed. */
  payloadText: string;
}

/** Where a walk of one chain stands: the last verified entry (none yet: chain_seq 0 and the genesis hash). */
export interface ChainHead {
  chainKey: string;
  chainSeq: bigint;
  entryHash: string;
}

export const genesisOf = (chainKey: string): ChainHead => ({ chainKey, chainSeq: 0n, entryHash: GENESIS_HASH });

export type BreakReason = 'chain_seq gap' | 'prev_hash does not link' | 'payload digest mismatch' | 'entry hash mismatch' | 'not in this chain';

/** The first broken link: identifiers only, never the payload. */
export interface ChainBreak {
  chainKey: string;
  chainSeq: string;
  subjectType: string;
  subjectId: string;
  seq: number;
  reason: BreakReason;
}

export type ChainCheck = { ok: true; verified: number; head: ChainHead } | { ok: false; verified: number; head: ChainHead; broken: ChainBreak };

/**
 * Recomputes each entry's hash of one chain in chain_seq order from `from` on
 * (pure: no database). Stops at the first entry that does not follow, does not
 * link to its predecessor, or whose stored digest or hash differs from the
 * recomputed one.
 */
export function verifyChain(rows: Iterable<AuditRow>, from: ChainHead): ChainCheck {
  let head = from;
  let verified = 0;
  for (const row of rows) {
    const reason = checkEntry(row, head);
    if (reason) {
      return {
        ok: false, verified, head,
        broken: { chainKey: row.chainKey, chainSeq: row.chainSeq, subjectType: row.subjectType, subjectId: row.subjectId, seq: row.seq, reason },
      };
    }
    head = { chainKey: head.chainKey, chainSeq: BigInt(row.chainSeq), entryHash: row.entryHash };
    verified += 1;
  }
  return { ok: true, verified, head };
}

function checkEntry(row: AuditRow, head: ChainHead): BreakReason | undefined {
  if (row.chainKey !== head.chainKey) return 'not in this chain';
  if (BigInt(row.chainSeq) !== head.chainSeq + 1n) return 'chain_seq gap';
  if (row.prevHash !== head.entryHash) return 'prev_hash does not link';
  if (payloadDigest(row.payloadText) !== row.payloadDigest) return 'payload digest mismatch';
  if (entryHash(row) !== row.entryHash) return 'entry hash mismatch';
  return undefined;
}

type Queryable = Pick<Tx, 'query'>;

interface DbRow {
  chain_key: string;
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

/** Reads one chain after `afterChainSeq`, one page in chain_seq order. */
export async function readAuditPage(db: Queryable, chainKey: string, afterChainSeq: bigint, limit: number): Promise<AuditRow[]> {
  const rows = await db.query<DbRow>(
    `SELECT chain_key, chain_seq::text AS chain_seq, subject_type, subject_id, seq, event_type, from_state, to_state, actor_id, actor_region,
            payload_digest, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
            prev_hash, entry_hash, payload::text AS payload_text
     FROM subject_events WHERE chain_key = $1 AND chain_seq > $2 ORDER BY subject_events.chain_seq LIMIT $3`, // the column: the text alias would sort 10 before 9
    [chainKey, afterChainSeq.toString(), limit],
  );
  return rows.map((r) => ({
    chainKey: r.chain_key,
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

/** Every chain's key, by a skip scan of the (chain_key, chain_seq) index: one probe per chain, not per entry. */
export async function chainKeys(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ key: string }>(
    `WITH RECURSIVE k(key) AS (
       SELECT min(chain_key) FROM subject_events
       UNION ALL
       SELECT (SELECT min(chain_key) FROM subject_events WHERE chain_key > k.key) FROM k WHERE k.key IS NOT NULL)
     SELECT key FROM k WHERE key IS NOT NULL`,
  );
  return rows.map((r) => r.key);
}

/** The last entry of every chain, as stored (what a checkpoint signs). */
export async function storedHeads(db: Queryable): Promise<ChainHead[]> {
  const rows = await db.query<{ chain_key: string; chain_seq: string; entry_hash: string }>(
    `WITH RECURSIVE k(key) AS (
       SELECT min(chain_key) FROM subject_events
       UNION ALL
       SELECT (SELECT min(chain_key) FROM subject_events WHERE chain_key > k.key) FROM k WHERE k.key IS NOT NULL)
     SELECT h.chain_key, h.chain_seq::text AS chain_seq, h.entry_hash FROM k
     CROSS JOIN LATERAL (SELECT chain_key, chain_seq, entry_hash FROM subject_events e WHERE e.chain_key = k.key ORDER BY chain_seq DESC LIMIT 1) h
     WHERE k.key IS NOT NULL ORDER BY h.chain_key`,
  );
  return rows.map((r) => ({ chainKey: r.chain_key, chainSeq: BigInt(r.chain_seq), entryHash: r.entry_hash }));
}

export type LogCheck =
  | { ok: true; verified: number; heads: ChainHead[] }
  | { ok: false; verified: number; heads: ChainHead[]; broken: ChainBreak };

export interface VerifyOptions {
  pageSize?: number;
  /** Called after each page with the total verified so far (for progress on long runs). */
  onProgress?: (verified: number, chainKey: string) => void;
}

/**
 * Walks every chain from its genesis, page by page. Entries appended while it
 * runs are verified too (each page starts after the last verified entry).
 */
export async function verifyAuditLog(db: Queryable, opts: VerifyOptions = {}): Promise<LogCheck> {
  const pageSize = opts.pageSize ?? 5000;
  const heads: ChainHead[] = [];
  let verified = 0;
  for (const key of await chainKeys(db)) {
    let head = genesisOf(key);
    for (;;) {
      const page = await readAuditPage(db, key, head.chainSeq, pageSize);
      const check = verifyChain(page, head);
      verified += check.verified;
      if (!check.ok) return { ok: false, verified, heads, broken: check.broken };
      head = check.head;
      opts.onProgress?.(verified, key);
      if (page.length < pageSize) break;
    }
    heads.push(head);
  }
  return { ok: true, verified, heads };
}

/** What `npm run audit:verify` prints about the chains: ids, seq numbers and hashes only. */
export function describeCheck(check: LogCheck): string {
  if (check.ok) {
    return check.verified === 0
      ? '0 entries verified (the audit log is empty)'
      : `${check.verified} entries verified in ${check.heads.length} chain(s); heads ${check.heads.slice(0, 10).map((h) => `${h.chainKey}:${h.chainSeq}`).join(', ')}` +
        (check.heads.length > 10 ? ` and ${check.heads.length - 10} more` : '');
  }
  return describeBreak(check.broken, check.verified);
}

/** The first broken link, by ids and seq numbers. */
export const describeBreak = (b: ChainBreak, verified: number): string =>
  `audit chain ${b.chainKey} broken at chain_seq ${b.chainSeq} (${b.subjectType} ${b.subjectId} seq ${b.seq}): ${b.reason}; ` +
  `${verified} entries before it verified`;
