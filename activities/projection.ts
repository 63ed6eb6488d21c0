import type { Db, Tx } from '../db/pool';
import type { SubjectType } from '../domain/taskSpec';
import type { SubjectEventRecord } from '../workflows/machineRunner';
import { recordSubjectEvent } from './subjectEvents';
import { syncOpenTasks } from './taskProjection';

/** A subject's row in its projection table, as one event leaves it. */
export interface ProjectionRow {
  table: string;
  key: { column: string; value: string };
  /** Written when the row is created; absent when the row exists before the workflow (it is then only updated). */
  insert?: Record<string, unknown>;
  /** Written by every event. */
  update: Record<string, unknown>;
  /** Written by the first event that gives them a value, then kept. */
  sticky?: Record<string, unknown>;
}

/** Writes the row unless a newer event already did (by version); true when it was written. */
async function writeRow(tx: Tx, row: ProjectionRow, version: number): Promise<boolean> {
  const { table, key } = row;
  const columns = { ...row.update, ...row.sticky, version };
  const sticky = new Set(Object.keys(row.sticky ?? {}));
  const names = Object.keys(columns);
  const values = Object.values(columns);
  if (row.insert) {
    const all = [key.column, ...Object.keys(row.insert), ...names];
    const params = [key.value, ...Object.values(row.insert), ...values];
    const set = names.map((c) => (sticky.has(c) ? `${c} = coalesce(${table}.${c}, EXCLUDED.${c})` : `${c} = EXCLUDED.${c}`));
    const written = await tx.query(
      `INSERT INTO ${table} (${all.join(', ')}) VALUES (${params.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (${key.column}) DO UPDATE SET ${set.join(', ')} WHERE ${table}.version <= EXCLUDED.version RETURNING 1`,
      params,
    );
    return written.length > 0;
  }
  const set = names.map((c, i) => (sticky.has(c) ? `${c} = coalesce(${c}, $${i + 2})` : `${c} = $${i + 2}`));
  const written = await tx.query(
    `UPDATE ${table} SET ${set.join(', ')} WHERE ${key.column} = $1 AND version <= $${names.length + 1} RETURNING 1`,
    [key.value, ...values],
  );
  return written.length > 0;
}

/**
 * A subject's projection activity: one event written to the audit log, the
 * subject's row and its open tasks, in one transaction. Idempotent and
 * order-safe, since Temporal retries activities: the event is keyed by
 * (subject, seq), the row only moves forward by version, and the open task set
 * is replaced only by the newest event.
 */
export function projectionActivity<R extends SubjectEventRecord<{ state: string }, object>>(
  db: Db,
  spec: { type: SubjectType; id: (e: R) => string; region: (e: R) => string; row: (e: R, at: Date) => ProjectionRow },
): (e: R) => Promise<void> {
  return async (e) => {
    const at = new Date(e.occurredAtMs);
    const id = spec.id(e);
    await db.withTransaction(async (tx) => {
      const written = await writeRow(tx, spec.row(e, at), e.seq);
      // Only the newest event shapes the tasks.
      if (written) await syncOpenTasks(tx, { type: spec.type, id, regionCode: spec.region(e) }, e.openTasks, at, e.actor.userId);
      // Last: the county's audit chain is locked from here to the commit, so other subjects' events wait as little as possible.
      await recordSubjectEvent(tx, spec.type, id, { ...e, toState: e.status.state, at });
    });
  };
}
