import type { Tx } from './pool';

/**
 * Folds up to `batch` of the open-step count deltas (migration 024) into the
 * counts, if at least `threshold` are waiting; returns how many it folded.
 * Safe beside writers, readers and other folds: the counts plus the deltas
 * are exact before, during and after.
 */
export async function foldOpenStepDeltas(db: Tx, { threshold = 0, batch }: { threshold?: number; batch: number }): Promise<number> {
  const [row] = await db.query<{ folded: number }>('SELECT fold_open_step_deltas($1, $2) AS folded', [threshold, batch]);
  return row!.folded;
}
