import { sign, verify, type KeyObject } from 'node:crypto';
import type { Tx } from '../db/pool';
import { storedHeads } from './auditChain';
import type { CheckpointSigner } from './checkpointKey';

type Queryable = Pick<Tx, 'query'>;

export const CHECKPOINT_FORMAT = 'aidloop-audit-checkpoint-v1';

/** What a checkpoint signs: the head of every chain at one moment. */
export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT;
  createdAt: string;
  heads: { chainKey: string; chainSeq: string; entryHash: string }[];
}

/**
 * A signed checkpoint as stored and as exported for a higher-level bureau:
 * the exact signed text, the signature and the signing key (id and PEM) — all
 * a verifier needs besides its own list of trusted key ids.
 */
export interface SignedCheckpoint {
  checkpointId: string;
  keyId: string;
  /** Ed25519 over the UTF-8 bytes of `manifest`, base64. */
  signature: string;
  manifest: string;
  publicKeyPem?: string;
}

/** Signs the current head of every chain and stores the checkpoint (on schedule, or on demand). */
export async function createCheckpoint(db: Queryable, signer: CheckpointSigner, now: Date = new Date()): Promise<SignedCheckpoint> {
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    createdAt: now.toISOString(),
    heads: (await storedHeads(db)).map((h) => ({ chainKey: h.chainKey, chainSeq: h.chainSeq.toString(), entryHash: h.entryHash })),
  };
  const text = JSON.stringify(manifest);
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey).toString('base64');
  const [row] = await db.query<{ checkpoint_id: string }>(
    'INSERT INTO audit_checkpoints (created_at, key_id, manifest, signature) VALUES ($1,$2,$3,$4) RETURNING checkpoint_id::text',
    [now, signer.keyId, text, signature],
  );
  return { checkpointId: String(row?.checkpoint_id), keyId: signer.keyId, signature, manifest: text, publicKeyPem: signer.publicKeyPem };
}

interface CheckpointRow {
  checkpoint_id: string;
  key_id: string;
  manifest: string;
  signature: string;
}
const toSigned = (r: CheckpointRow): SignedCheckpoint => ({ checkpointId: r.checkpoint_id, keyId: r.key_id, signature: r.signature, manifest: r.manifest });

/** One stored checkpoint (the latest without an id). */
export async function readCheckpoint(db: Queryable, checkpointId?: string): Promise<SignedCheckpoint | undefined> {
  const [row] = await db.query<CheckpointRow>(
    `SELECT checkpoint_id::text, key_id, manifest, signature FROM audit_checkpoints
      WHERE $1::bigint IS NULL OR checkpoint_id = $1::bigint ORDER BY checkpoint_id DESC LIMIT 1`,
    [checkpointId ?? null],
  );
  return row ? toSigned(row) : undefined;
}

export type CheckpointProblem =
  | 'unknown signing key'
  | 'signature does not verify'
  | 'manifest is not a checkpoint'
  | 'chain head differs from the signed one';

export interface CheckpointFailure {
  checkpointId: string;
  problem: CheckpointProblem;
  chainKey?: string;
  chainSeq?: string;
}

function parseManifest(text: string): CheckpointManifest | undefined {
  try {
    const m = JSON.parse(text) as CheckpointManifest;
    return m.format === CHECKPOINT_FORMAT && Array.isArray(m.heads) ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks one checkpoint: signed by a trusted key (by id: an embedded public key
 * is not trusted for that), and every head it signed still stands in the
 * database with the same entry hash. Run after the chains verified link by
 * link, that proves every entry up to each signed head is the one signed.
 */
export async function verifyCheckpoint(db: Queryable, cp: SignedCheckpoint, trusted: Map<string, KeyObject>): Promise<CheckpointFailure | undefined> {
  const fail = (problem: CheckpointProblem, extra: Partial<CheckpointFailure> = {}): CheckpointFailure => ({ checkpointId: cp.checkpointId, problem, ...extra });
  const key = trusted.get(cp.keyId);
  if (!key) return fail('unknown signing key');
  if (!verify(null, Buffer.from(cp.manifest, 'utf8'), key, Buffer.from(cp.signature, 'base64'))) return fail('signature does not verify');
  const manifest = parseManifest(cp.manifest);
  if (!manifest) return fail('manifest is not a checkpoint');
  if (manifest.heads.length === 0) return undefined;
  const [differs] = await db.query<{ chain_key: string; chain_seq: string }>(
    `SELECT h.chain_key, h.chain_seq::text FROM unnest($1::text[], $2::bigint[], $3::text[]) AS h(chain_key, chain_seq, entry_hash)
       LEFT JOIN subject_events e ON e.chain_key = h.chain_key AND e.chain_seq = h.chain_seq
      WHERE e.entry_hash IS DISTINCT FROM h.entry_hash LIMIT 1`,
    [manifest.heads.map((h) => h.chainKey), manifest.heads.map((h) => h.chainSeq), manifest.heads.map((h) => h.entryHash)],
  );
  return differs ? fail('chain head differs from the signed one', { chainKey: differs.chain_key, chainSeq: differs.chain_seq }) : undefined;
}

/** Checks every stored checkpoint, oldest first, page by page; stops at the first failure. */
export async function verifyStoredCheckpoints(
  db: Queryable,
  trusted: Map<string, KeyObject>,
): Promise<{ checked: number; failure?: CheckpointFailure }> {
  let after = '0';
  let checked = 0;
  for (;;) {
    const rows = await db.query<CheckpointRow>(
      `SELECT checkpoint_id::text, key_id, manifest, signature FROM audit_checkpoints WHERE checkpoint_id > $1::bigint ORDER BY checkpoint_id LIMIT 500`,
      [after],
    );
    for (const row of rows) {
      const failure = await verifyCheckpoint(db, toSigned(row), trusted);
      if (failure) return { checked, failure };
      checked += 1;
      after = row.checkpoint_id;
    }
    if (rows.length < 500) return { checked };
  }
}

export const describeCheckpointFailure = (f: CheckpointFailure): string =>
  `checkpoint ${f.checkpointId}: ${f.problem}${f.chainKey ? ` (chain ${f.chainKey} chain_seq ${f.chainSeq})` : ''}`;
