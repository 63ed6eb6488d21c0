import type { Db } from '../db/pool';
import type { CaseEventRecord } from '../workflows/messages';

/**
 * Writes one case event to the PostgreSQL projection: the event log, the case
 * row and its open tasks, in one transaction. Idempotent and order-safe, since
 * Temporal retries activities: the event is keyed by (case, seq), the case row
 * only moves forward by version, and the open task set is replaced only by the
 * newest event.
 */
export function createProjectionActivities({ db }: { db: Db }) {
  return {
    async recordCaseEvent(e: CaseEventRecord): Promise<void> {
      const at = new Date(e.occurredAtMs);
      const s = e.status;
      await db.withTransaction(async (tx) => {
        const applied = await tx.query(
          `INSERT INTO cases (case_id, source, source_id, person_ref, township_code, hardship_type, received_on, detail,
             state, context, allowed_actions, verification_due_on, verification_working_days, verification_provisional,
             verification_overdue, policy_version, version, created_by, created_at, updated_at, closed_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$19,$20)
           ON CONFLICT (case_id) DO UPDATE SET
             state = EXCLUDED.state, context = EXCLUDED.context, allowed_actions = EXCLUDED.allowed_actions,
             verification_due_on = EXCLUDED.verification_due_on, verification_provisional = EXCLUDED.verification_provisional,
             verification_overdue = EXCLUDED.verification_overdue, policy_version = EXCLUDED.policy_version, version = EXCLUDED.version,
             updated_at = EXCLUDED.updated_at, closed_at = EXCLUDED.closed_at
           WHERE cases.version <= EXCLUDED.version
           RETURNING case_id`,
          [
            e.caseId, e.input.source, e.input.sourceId, e.input.personRef, e.input.townshipCode, e.input.hardshipType,
            e.input.receivedOn, e.input.detail, s.state, JSON.stringify(s.context), s.allowedActions,
            s.verification.dueOn, s.verification.workingDays, s.verification.provisional, s.verification.overdue,
            s.verification.policyVersion, e.seq, e.input.actor.userId, at, s.state === 'closed' ? at : null,
          ],
        );
        await tx.query(
          `INSERT INTO case_events (case_id, seq, event_type, from_state, to_state, actor_id, actor_region, payload, occurred_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (case_id, seq) DO NOTHING`,
          [e.caseId, e.seq, e.eventType, e.fromState, s.state, e.actor.userId, e.actor.regionCode, JSON.stringify(e.payload ?? {}), at],
        );
        if (applied.length === 0) return; // a newer event already shaped the tasks
        const openIds = e.openTasks.map((t) => `${e.caseId}/${t.key}`);
        for (const t of e.openTasks) {
          await tx.query(
            `INSERT INTO tasks (task_id, case_id, kind, region_code, department, title, due_on, status, opened_at)
             VALUES ($1,$2,$3,$4,$5,$6,$7,'OPEN',$8)
             ON CONFLICT (task_id) DO UPDATE SET due_on = EXCLUDED.due_on WHERE tasks.status = 'OPEN'`,
            [`${e.caseId}/${t.key}`, e.caseId, t.kind, t.regionCode, t.department, t.title, t.dueOn, at],
          );
        }
        await tx.query(
          `UPDATE tasks SET status = 'DONE', completed_at = $3, completed_by = $4
            WHERE case_id = $1 AND status = 'OPEN' AND NOT (task_id = ANY($2::text[]))`,
          [e.caseId, openIds, at, e.actor.userId],
        );
      });
    },
  };
}
