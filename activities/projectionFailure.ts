import { ApplicationFailure } from '@temporalio/common';
import { permanentDataError, type Db } from '../db/pool';
import { PROJECTION_REJECTED, type ProjectionFailure, type ProjectionRejection } from '../workflows/projectionFailureMessages';
import { recordSubjectEvent } from './subjectEvents';

/**
 * A projection write that PostgreSQL refuses for good (a data exception, an
 * integrity violation no retry can fix) fails at once instead of being
 * retried forever: the workflow then records it (recordProjectionFailure)
 * and goes on. Transient errors (an outage, a lock timeout) stay retryable.
 */
function rejectingPermanentErrors<A extends unknown[], R>(write: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await write(...args);
    } catch (err) {
      const sqlstate = permanentDataError(err);
      if (!sqlstate) throw err;
      const details: ProjectionRejection = { sqlstate };
      throw ApplicationFailure.create({ type: PROJECTION_REJECTED, message: `${sqlstate}: ${(err as Error).message}`, nonRetryable: true, details: [details] });
    }
  };
}

/** Wraps every activity whose name says it records a subject's event (record…Event). */
export function guardProjections<T extends Record<string, unknown>>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) =>
      [name, /^record\w*Event$/.test(name) && typeof fn === 'function' ? rejectingPermanentErrors(fn as (...a: unknown[]) => Promise<unknown>) : fn]),
  ) as T;
}

/**
 * Records a refused event: in the subject's audit log at the refused event's
 * seq (event PROJECTION_FAILED with the reason, not the payload), as an
 * incident, and as an open task for the county's administrator. Idempotent.
 */
export function createProjectionFailureActivities({ db }: { db: Db }) {
  return {
    async recordProjectionFailure(f: ProjectionFailure): Promise<void> {
      const { subjectType } = f;
      const county = f.actor.regionCode.slice(0, 6);
      const at = new Date(f.occurredAtMs);
      await db.withTransaction(async (tx) => {
        await recordSubjectEvent(tx, subjectType, f.subjectId, {
          seq: f.seq, eventType: 'PROJECTION_FAILED', actor: f.actor, occurredAtMs: f.occurredAtMs, fromState: f.fromState, toState: f.toState, at,
          payload: { failedEventType: f.eventType, reason: f.reason },
        });
        const [incident] = await tx.query<{ incident_id: string }>(
          `INSERT INTO incidents (kind, region_code, subject_type, subject_id, seq, reason, actor_id, actor_region, occurred_at)
           VALUES ('PROJECTION_FAILED', $1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (subject_type, subject_id, seq) WHERE kind = 'PROJECTION_FAILED' DO NOTHING RETURNING incident_id`,
          [county, subjectType, f.subjectId, f.seq, f.reason, f.actor.userId, f.actor.regionCode, at],
        );
        if (!incident) return;
        await tx.query(
          `INSERT INTO tasks (task_id, subject_type, subject_id, subject_region, kind, region_code, title, status, opened_at)
           VALUES ($1, 'INCIDENT', $2, $3, 'PROJECTION_FAILED', $3, $4, 'OPEN', $5) ON CONFLICT (task_id) DO NOTHING`,
          [`incident/${incident.incident_id}`, incident.incident_id, county,
            `数据未能写入：${subjectType} ${f.subjectId} 第 ${f.seq} 步（${f.eventType}），请管理员核查`, at],
        );
      });
    },
  };
}
