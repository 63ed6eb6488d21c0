import type { Tx } from './pool';

/**
 * Folds up to `batch` of each kind of step count deltas (open steps,
 * migration 024; done steps, 027) into the counts, if at least `threshold` of
 * that kind are waiting; returns how many it folded.
 * Safe beside writers, readers and other folds: the counts plus the deltas
 * are exact before, during and after.
 */
export async function foldOpenStepDeltas(db: Tx, { threshold = 0, batch }: { threshold?: number; batch: number }): Promise<number> {
  const [row] = await db.query<{ folded: number }>('SELECT fold_open_step_deltas($1, $2) AS folded', [threshold, batch]);
  return row!.folded;
}
