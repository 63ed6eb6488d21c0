import { generateKeyPairSync, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { entryHash, payloadDigest, recordSubjectEvent } from '../../activities/subjectEvents';
import { readAuditPage, verifyAuditLog } from '../../admin/auditChain';
import { DEV_AUDIT_KEY_FILE, loadCheckpointSigner, trustedKeys, type CheckpointSigner } from '../../admin/checkpointKey';
import { main as checkpointMain } from '../../admin/checkpointCli';
import { createCheckpoint, verifyCheckpoint, verifyStoredCheckpoints } from '../../admin/checkpoints';
import { main as verifyMain } from '../../admin/verifyAudit';
import type { Db, Tx } from '../../db/pool';
import { ownerDb, testDb } from '../support/db';
import { testAppDatabaseUrl } from '../support/env';

/** A county chain of its own for this file (other files append to theirs concurrently). */
const COUNTY = '430624';
const actor = { userId: 'clerk-checkpoint', regionCode: `${COUNTY}101` };

async function append(db: Db, subjectId: string, seq: number): Promise<void> {
  await db.withTransaction((tx) => recordSubjectEvent(tx, 'CASE', subjectId, {
    seq, eventType: `STEP_${seq}`, actor, payload: { note: `第${seq}步` }, occurredAtMs: 0, fromState: 's', toState: 't', at: new Date(),
  }));
}

function keyFile(dir: string, name: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return file;
}

/**
 * Rewrites the first entry of this file's chain and recomputes every later
 * hash, as an owner hiding a change would; then runs `then` in that
 * transaction, and rolls it back unless told to commit.
 */
async function rewriteChain<T>(owner: Db, then: (tx: Tx) => Promise<T>, commit = false): Promise<T> {
  const rollback = new Error('rollback');
  let result: T | undefined;
  await owner.withTransaction(async (tx) => {
    await tx.query('ALTER TABLE subject_events DISABLE TRIGGER subject_events_no_update_delete');
    const rows = await readAuditPage(tx, COUNTY, 0n, 1_000_000);
    let prev = rows[0]!.prevHash;
    for (const [i, row] of rows.entries()) {
      const payloadText = i === 0 ? '{"note": "改写"}' : row.payloadText;
      const fields = { ...row, prevHash: prev, payloadDigest: payloadDigest(payloadText) };
      const hash = entryHash(fields);
      await tx.query(
        'UPDATE subject_events SET payload = $3, payload_digest = $4, prev_hash = $5, entry_hash = $6 WHERE chain_key = $1 AND chain_seq = $2',
        [COUNTY, row.chainSeq, payloadText, fields.payloadDigest, prev, hash]);
      prev = hash;
    }
    await tx.query('ALTER TABLE subject_events ENABLE TRIGGER subject_events_no_update_delete');
    result = await then(tx);
    if (!commit) throw rollback;
  }).catch((err: unknown) => {
    if (err !== rollback) throw err;
  });
  return result as T;
}

describe('signed checkpoints of the audit chains', () => {
  let db: Db;
  let dir: string;
  let signer: CheckpointSigner;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = testDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidloop-checkpoints-'));
    env = { ...process.env, AIDLOOP_AUDIT_SIGNING_KEY_FILE: keyFile(dir, 'signing.pem'), DATABASE_URL: testAppDatabaseUrl() };
    signer = loadCheckpointSigner(env);
    const subject = `checkpoint-${randomUUID()}`;
    for (let seq = 1; seq <= 3; seq++) await append(db, subject, seq);
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signs every chain head; the checkpoint verifies, and a rewritten and recomputed chain does not', async () => {
    const cp = await createCheckpoint(db, signer);
    const heads = (JSON.parse(cp.manifest) as { heads: { chainKey: string }[] }).heads;
    expect(heads.map((h) => h.chainKey)).toContain(COUNTY);
    const trusted = trustedKeys(env);
    expect(await verifyCheckpoint(db, cp, trusted)).toBeUndefined();

    const owner = ownerDb();
    try {
      const [links, checkpoint] = await rewriteChain(owner, async (tx) => [await verifyAuditLog(tx), await verifyCheckpoint(tx, cp, trusted)] as const);
      expect(links.ok).toBe(true); // every link recomputed: the chain alone cannot tell
      expect(checkpoint).toEqual({ checkpointId: cp.checkpointId, problem: 'chain head differs from the signed one', chainKey: COUNTY, chainSeq: expect.any(String) });
    } finally {
      await owner.close();
    }
  });

  it('refuses an altered manifest, a signature by another key, and an unknown key', async () => {
    const cp = await createCheckpoint(db, signer);
    const trusted = trustedKeys(env);
    const manifest = cp.manifest.replace(/"chainSeq":"(\d+)"/, (_m, n: string) => `"chainSeq":"${Number(n) - 1}"`);
    expect(await verifyCheckpoint(db, { ...cp, manifest }, trusted)).toMatchObject({ problem: 'signature does not verify' });
    const other = loadCheckpointSigner({ AIDLOOP_AUDIT_SIGNING_KEY_FILE: keyFile(dir, 'other.pem') });
    const forged = await createCheckpoint(db, { ...other, keyId: signer.keyId });
    expect(await verifyCheckpoint(db, forged, trusted)).toMatchObject({ problem: 'signature does not verify' });
    const unknown = await createCheckpoint(db, other);
    expect(await verifyCheckpoint(db, unknown, trusted)).toMatchObject({ problem: 'unknown signing key' });
    // A key rotated out stays trusted through AIDLOOP_AUDIT_TRUSTED_KEYS.
    const pub = path.join(dir, 'other.pub.pem');
    fs.writeFileSync(pub, other.publicKeyPem);
    expect(await verifyCheckpoint(db, unknown, trustedKeys({ ...env, AIDLOOP_AUDIT_TRUSTED_KEYS: pub }))).toBeUndefined();
    // The stored checkpoints now include ones this key set does not trust: the walk over them stops there.
    expect((await verifyStoredCheckpoints(db, trusted)).failure?.problem).toMatch(/signature does not verify|unknown signing key/);
  });

  it('refuses the development key in production', () => {
    expect(() => loadCheckpointSigner({ NODE_ENV: 'production' })).toThrow(/refusing the development audit signing key in production/);
    expect(() => loadCheckpointSigner({ NODE_ENV: 'production', AIDLOOP_AUDIT_SIGNING_KEY_FILE: DEV_AUDIT_KEY_FILE })).toThrow(/development/);
    expect(trustedKeys({ NODE_ENV: 'production' }).size).toBe(0);
  });

  it('the commands: audit:checkpoint prints an exportable checkpoint; audit:verify checks it, and fails on a rewritten chain', async () => {
    const out: string[] = [];
    const errs: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const err = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errs.push(a.join(' ')));
    const owner = ownerDb();
    try {
      expect(await checkpointMain([], env)).toBe(0);
      const exported = JSON.parse(out.pop()!) as { checkpointId: string; keyId: string; signature: string; manifest: string; publicKeyPem: string };
      expect(exported).toMatchObject({ keyId: signer.keyId, publicKeyPem: signer.publicKeyPem });
      const file = path.join(dir, 'exported.json');
      fs.writeFileSync(file, JSON.stringify(exported));
      expect(await checkpointMain(['--export', exported.checkpointId], env)).toBe(0);
      expect(JSON.parse(out.pop()!)).toEqual(exported);

      // As the bureau checks: the links, and the checkpoint it holds (the stored ones include other tests' keys).
      expect(await verifyMain(['--checkpoint', file], env)).toBe(0);
      expect(out.pop()).toMatch(/^\[aidloop\] \d+ entries verified in \d+ chain\(s\); heads .*; 1 signed checkpoint\(s\) verified; [\d.]+ s$/);

      // The owner rewrites this file's chain and recomputes it (committed): the links still hold, the signed head does not.
      await rewriteChain(owner, async () => undefined, true);
      expect(await verifyMain(['--checkpoint', file], env)).toBe(1);
      expect(errs.pop()).toMatch(new RegExp(`^\\[aidloop\\] checkpoint ${exported.checkpointId}: chain head differs from the signed one \\(chain ${COUNTY} chain_seq \\d+\\)$`));
      expect(await verifyMain(['--checkpoint'], env)).toBe(2);
    } finally {
      log.mockRestore();
      err.mockRestore();
      await owner.close();
    }
  });
});
