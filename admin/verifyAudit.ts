import { loadEnv } from '../config/env';
import { createDb } from '../db/pool';
import { describeCheck, verifyAuditLog } from './auditChain';

/**
 * `npm run audit:verify`: recomputes the subject_events hash chain (DATABASE_URL)
 * and prints "N entries verified" (exit 0) or the first broken link (exit 1).
 * Prints ids, seq numbers and hashes only, never payloads.
 */
export async function main(): Promise<number> {
  const db = createDb(loadEnv().DATABASE_URL, 1);
  try {
    const check = await verifyAuditLog(db);
    (check.ok ? console.log : console.error)(`[aidloop] ${describeCheck(check)}`);
    return check.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error('[aidloop] audit verification failed:', err instanceof Error ? err.message : err);
      process.exit(2);
    },
  );
}
