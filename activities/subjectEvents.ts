import type { Tx } from '../db/pool';
import type { SubjectType } from '../domain/taskSpec';
import type { RecordedEvent } from '../workflows/machineRunner';

/** Appends one event to a subject's log, keyed by (subject, seq): a retried activity writes it once. */
export async function recordSubjectEvent(
  tx: Tx,
  subjectType: SubjectType,
  subjectId: string,
  e: RecordedEvent & { toState: string; at: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO subject_events (subject_type, subject_id, seq, event_type, from_state, to_state, actor_id, actor_region, payload, occurred_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (subject_type, subject_id, seq) DO NOTHING`,
    [subjectType, subjectId, e.seq, e.eventType, e.fromState, e.toState, e.actor.userId, e.actor.regionCode, JSON.stringify(e.payload ?? {}), e.at],
  );
}
