import type { CalendarDate } from './calendarDate';
import type { Department } from './vocabulary';

/**
 * A human step some workflow keeps open: whose inbox it sits in and when it is
 * due. Every workflow plans its open steps as a set of these; the projection
 * keeps exactly that set open and closes the rest, so an inbox never drifts
 * from the workflow.
 */
export interface TaskSpec {
  /** Unique within the subject; a task id is `${subjectId}/${key}`. */
  key: string;
  kind: string;
  regionCode: string;
  department: Department | null;
  title: string;
  dueOn: CalendarDate | null;
}

/** What the steps belong to: one durable workflow's subject. */
export type SubjectType = 'CASE' | 'APPLICATION' | 'ENROLMENT' | 'EMERGENCY' | 'EXCHANGE' | 'REFERRAL';

export interface TaskSubject {
  type: SubjectType;
  id: string;
  /** The township (or county) the subject belongs to; supervision scopes by it. */
  regionCode: string;
}
