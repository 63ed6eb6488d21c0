import type { Db } from '../db/pool';
import { recordSubjectEvent } from './subjectEvents';
import { syncOpenTasks } from './taskProjection';
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
        await recordSubjectEvent(tx, 'CASE', e.caseId, { ...e, toState: s.state, at });
        if (applied.length === 0) return; // a newer event already shaped the tasks
        await syncOpenTasks(tx, { type: 'CASE', id: e.caseId, regionCode: e.input.townshipCode }, e.openTasks, at, e.actor.userId);
      });
    },
  };
}
