import type { Router } from 'express';
import { loadCheckpointSigner, trustedKeys } from '../../admin/checkpointKey';
import { createCheckpoint, readCheckpoint, type SignedCheckpoint } from '../../admin/checkpoints';
import { ADMIN } from '../access';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { route } from '../route';
import { CheckpointParams } from './schemas';

/** A checkpoint as exported for a higher-level bureau: with the public key of its signer, when this service trusts it. */
function exported(cp: SignedCheckpoint): SignedCheckpoint {
  const key = trustedKeys().get(cp.keyId);
  return key ? { ...cp, publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString() } : cp;
}

/** Signed checkpoints of the audit chains on demand (the schedule makes one every hour), and their export (ADMIN). */
export function auditRoutes(r: Router, deps: ApiDeps): void {
  r.post('/admin/audit/checkpoints', route({}, () => ADMIN, async (_input, _req, res) => {
    const cp = await createCheckpoint(deps.db, loadCheckpointSigner());
    res.status(201).location(`admin/audit/checkpoints/${cp.checkpointId}`).json(cp);
  }));

  r.get('/admin/audit/checkpoints/:id', route({ params: CheckpointParams }, () => ADMIN, async ({ params }, _req, res) => {
    const cp = await readCheckpoint(deps.db, params.id === 'latest' ? undefined : params.id);
    if (!cp) throw notFound(`checkpoint ${params.id}`);
    res.json(exported(cp));
  }));
}
