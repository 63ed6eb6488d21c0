import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { SubjectType } from '../domain/taskSpec';
import type { Actor } from '../domain/vocabulary';
import { PROJECTION_REJECTED } from './projectionFailureMessages';

const { recordProjectionFailure } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

/**
 * Runs one projection write; if PostgreSQL refused it for good, records the
 * failure (audit event, incident, administrator's task) and returns, so the
 * chain of writes and the subject go on: no input leaves a subject unable to
 * take its next step. Any other failure propagates as before.
 */
export async function projectOrRecordFailure(
  write: () => Promise<void>,
  subjectType: SubjectType,
  event: { seq: number; eventType: string; actor: Actor; occurredAtMs: number; fromState: string },
  toState: string,
): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === PROJECTION_REJECTED)) throw err;
    await recordProjectionFailure({
      subjectType, subjectId: workflowInfo().workflowId, seq: event.seq, eventType: event.eventType, actor: event.actor,
      occurredAtMs: event.occurredAtMs, fromState: event.fromState, toState, reason: err.cause.message,
    });
  }
}
