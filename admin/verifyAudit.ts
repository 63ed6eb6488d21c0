import fs from 'node:fs';
import { loadEnv } from '../config/env';
import { runAsCommand } from './cliMain';
import { createDb } from '../db/pool';
import { describeCheck, verifyAuditLog } from './auditChain';
import { trustedKeys } from './checkpointKey';
import { describeCheckpointFailure, verifyCheckpoint, verifyStoredCheckpoints, type CheckpointFailure, type SignedCheckpoint } from './checkpoints';

const PROGRESS_EVERY_MS = 5000;

/**
 * `npm run audit:verify [-- --checkpoint <exported.json>...]`: recomputes every
 * chain of subject_events (DATABASE_URL) link by link, then checks every stored
 * signed checkpoint — or, when given, the exported ones a bureau holds instead
 * (they stand even if the stored ones were deleted) — against the trusted
 * public keys (admin/checkpointKey.ts). Prints "N entries
 * verified …" (exit 0) or the first failure (exit 1); progress goes to stderr
 * every few seconds. Ids, seq numbers and hashes only, never payloads.
 */
export async function main(args: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const exported = args.flatMap((a, i) => (args[i - 1] === '--checkpoint' ? [a] : []));
  if (args.length !== exported.length * 2) {
    console.error('usage: npm run audit:verify [-- --checkpoint <exported checkpoint.json>...]');
    return 2;
  }
  const db = createDb(loadEnv(env).DATABASE_URL, 1);
  try {
    const started = Date.now();
    let lastReport = started;
    const check = await verifyAuditLog(db, {
      onProgress: (verified, chainKey) => {
        if (Date.now() - lastReport < PROGRESS_EVERY_MS) return;
        lastReport = Date.now();
        const seconds = (lastReport - started) / 1000;
        console.error(`[aidloop] … ${verified} entries verified (chain ${chainKey}), ${Math.round(verified / seconds)}/s`);
      },
    });
    if (!check.ok) {
      console.error(`[aidloop] ${describeCheck(check)}`);
      return 1;
    }
    const trusted = trustedKeys(env);
    let checked = 0;
    let failure: CheckpointFailure | undefined;
    if (exported.length === 0) {
      ({ checked, failure } = await verifyStoredCheckpoints(db, trusted));
    } else {
      for (const file of exported) {
        failure ??= await verifyCheckpoint(db, JSON.parse(fs.readFileSync(file, 'utf8')) as SignedCheckpoint, trusted);
        if (!failure) checked += 1;
      }
    }
    if (failure) {
      console.error(`[aidloop] ${describeCheckpointFailure(failure)}`);
      return 1;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`[aidloop] ${describeCheck(check)}; ${checked} signed checkpoint(s) verified; ${seconds} s`);
    return 0;
  } finally {
    await db.close();
  }
}

runAsCommand(module, () => main(), 'audit verification failed');
