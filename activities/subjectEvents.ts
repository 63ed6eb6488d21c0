import { createHash } from 'node:crypto';
import type { Tx } from '../db/pool';
import type { RecordedEvent } from '../workflows/machineRunner';

/**
 * The audit log is one hash chain per county (migrations 008, 011): each
 * chain numbers its entries by `chain_seq` in commit order, and each entry's
 * hash covers its fields and the previous entry's hash, so changing, removing
 * or reordering an entry breaks every later link (`npm run audit:verify`);
 * signed checkpoints of every chain's head (admin/checkpoints.ts) stop an
 * owner from quietly rewriting a chain and recomputing it.
 */

/** prev_hash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain of the entries written before chains were split (migration 017): frozen, v1 hashes. */
export const LEGACY_CHAIN = 'global';

/**
 * The chain an entry goes to: the county of the acting office (first 6
 * digits of its region code; a province or nation office has its own chain).
 * Appends of different counties take different locks and never wait for each other.
 */
export const chainKeyOf = (actorRegion: string): string => actorRegion.slice(0, 6);

/** The fields an entry's hash covers, as the database returns them. */
export interface AuditEntryFields {
  chainKey: string;
  chainSeq: string;
  subjectType: string;
  subjectId: string;
  seq: number;
  eventType: string;
  fromState: string;
  toState: string;
  actorId: string;
  actorRegion: string;
  payloadDigest: string;
  /** ISO-8601 UTC with milliseconds, as `Date.toISOString()` writes it. */
  occurredAt: string;
  prevHash: string;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * sha256 of the payload's canonical JSON: the text PostgreSQL gives for the
 * stored jsonb value (`payload::text`; jsonb sorts keys and drops duplicates
 * and insignificant whitespace), so the digest can be recomputed from the
 * table alone, in SQL or here.
 */
export const payloadDigest = (canonicalPayloadText: string): string => sha256Hex(canonicalPayloadText);

/**
 * Same definitions as audit_entry_hash() (v1, migration 008: the legacy chain)
 * and audit_entry_hash_v2() (migration 017: every other chain, chain_key covered too).
 */
export function canonicalEntry(f: AuditEntryFields): string {
  const v1 = f.chainKey === LEGACY_CHAIN;
  const fields = [
    ...(v1 ? [] : [f.chainKey]),
    f.chainSeq, f.subjectType, f.subjectId, String(f.seq), f.eventType, f.fromState, f.toState,
    f.actorId, f.actorRegion, f.payloadDigest, f.occurredAt, f.prevHash,
  ];
  return (v1 ? 'aidloop-audit-v1' : 'aidloop-audit-v2') + fields.map((v) => `${Buffer.byteLength(v, 'utf8')}:${v}`).join('');
}

export const entryHash = (f: AuditEntryFields): string => sha256Hex(canonicalEntry(f));

/** What one audit entry records; `chainKey` defaults to the acting office's county. */
export type AuditEvent = RecordedEvent & { toState: string; at: Date; chainKey?: string };

/**
 * Appends one event to a subject's log, keyed by (subject, seq): a retried
 * activity writes it once. In the caller's (READ COMMITTED) transaction
 * audit_chain_head() (migration 025) takes its chain's lock (64-bit hash of
 * its key: distinct counties do not collide in practice), held until that
 * transaction ends, and reads the head in the same call, so appends to one
 * chain are serialized and appends to different chains run side by side; an
 * event already recorded consumes no chain position.
 */
export async function recordSubjectEvent(tx: Tx, subjectType: string, subjectId: string, e: AuditEvent): Promise<void> {
  const chainKey = e.chainKey ?? chainKeyOf(e.actor.regionCode);
  const payloadJson = JSON.stringify(e.payload ?? {});
  const [head] = await tx.query<{ recorded: boolean; chain_seq: string | null; entry_hash: string | null; payload_text: string }>(
    'SELECT recorded, chain_seq::text, entry_hash, payload_text FROM audit_chain_head($1, $2, $3, $4, $5)',
    [chainKey, subjectType, subjectId, e.seq, payloadJson],
  );
  if (!head || head.recorded) return;
  const fields: AuditEntryFields = {
    chainKey,
    chainSeq: (BigInt(head.chain_seq ?? '0') + 1n).toString(),
    subjectType,
    subjectId,
    seq: e.seq,
    eventType: e.eventType,
    fromState: e.fromState,
    toState: e.toState,
    actorId: e.actor.userId,
    actorRegion: e.actor.regionCode,
    payloadDigest: payloadDigest(head.payload_text),
    occurredAt: e.at.toISOString(),
    prevHash: head.entry_hash ?? GENESIS_HASH,
  };
  await tx.query(
    `INSERT INTO subject_events (subject_type, subject_id, seq, event_type, from_state, to_state, actor_id, actor_region, payload, occurred_at,
                                 chain_key, chain_seq, prev_hash, entry_hash, payload_digest)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) ON CONFLICT (subject_type, subject_id, seq) DO NOTHING`,
    [
      subjectType, subjectId, e.seq, e.eventType, e.fromState, e.toState, e.actor.userId, e.actor.regionCode, payloadJson, e.at,
      chainKey, fields.chainSeq, fields.prevHash, entryHash(fields), fields.payloadDigest,
    ],
  );
}
