import { loadEnv } from '../config/env';
import { runAsCommand } from './cliMain';
import { createDb } from '../db/pool';
import { loadCheckpointSigner } from './checkpointKey';
import { createCheckpoint, readCheckpoint } from './checkpoints';

/**
 * `npm run audit:checkpoint`: signs the head of every audit chain now and
 * prints the checkpoint as JSON (what a higher-level bureau keeps);
 * `-- --export [id]` prints a stored one (the latest without an id) with the
 * public key, signing nothing.
 */
export async function main(args: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const exporting = args[0] === '--export';
  if (!(args.length === 0 || (exporting && args.length <= 2))) {
    console.error('usage: npm run audit:checkpoint [-- --export [checkpointId]]');
    return 2;
  }
  const signer = loadCheckpointSigner(env);
  const db = createDb(loadEnv(env).DATABASE_URL, 1);
  try {
    const cp = exporting ? await readCheckpoint(db, args[1]) : await createCheckpoint(db, signer);
    if (!cp) {
      console.error('[aidloop] no such checkpoint');
      return 1;
    }
    // A stored checkpoint signed by an earlier key gets no (wrong) public key attached.
    console.log(JSON.stringify({ ...cp, ...(cp.keyId === signer.keyId ? { publicKeyPem: signer.publicKeyPem } : {}) }, null, 1));
    return 0;
  } finally {
    await db.close();
  }
}

runAsCommand(module, () => main(), 'audit checkpoint failed');
