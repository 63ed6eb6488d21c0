import type { SubjectType } from '../domain/taskSpec';
import type { Actor } from '../domain/vocabulary';

/** The failure type of a projection write PostgreSQL refused for good (activities/projectionFailure.ts). */
export const PROJECTION_REJECTED = 'ProjectionRejected';

export interface ProjectionRejection {
  sqlstate: string;
}

/** A refused event, as the workflow reports it. */
export interface ProjectionFailure {
  subjectType: SubjectType;
  subjectId: string;
  seq: number;
  eventType: string;
  actor: Actor;
  occurredAtMs: number;
  fromState: string;
  toState: string;
  reason: string;
}
