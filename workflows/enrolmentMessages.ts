import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SubjectEventRecord } from './machineRunner';
import type { EnrolmentTier } from '../domain/applicationSchemas';
import type { CalendarDate } from '../domain/calendarDate';
import type { Actor } from '../domain/vocabulary';
import type { EnrolmentAction, EnrolmentContext, EnrolmentState } from '../domain/enrolmentMachine';
import type { TaskSpec } from '../domain/taskSpec';
import type { ResumePoint } from './machineRunner';
import type { ActionRequest } from './subjectMessages';

export interface EnrolmentInput {
  enrolmentId: string;
  householdId: string;
  /** Null for a recipient imported from before (存量). */
  applicationId: string | null;
  townshipCode: string;
  tier: EnrolmentTier;
  startOn: CalendarDate;
  monthlyAmountFen: number;
  actor: Actor;
  /** Set when a yearly run continues as new. */
  resume?: ResumePoint & { reviewEscalated: boolean };
}

export interface EnrolmentStatus {
  enrolmentId: string;
  state: EnrolmentState;
  stateLabel: string;
  allowedActions: EnrolmentAction[];
  context: EnrolmentContext;
  nextAnnualReviewOn: CalendarDate | null;
  reviewOverdue: boolean;
}

export type EnrolmentEventRecord = SubjectEventRecord<EnrolmentStatus, { enrolmentId: string; input: EnrolmentInput }>;

export const enrolmentStatusQuery = defineQuery<EnrolmentStatus>('enrolmentStatus');
/** Resolves once the enrolment is on record. */
export const enrolmentReceiptUpdate = defineUpdate<EnrolmentStatus>('enrolmentReceipt');
export const enrolmentActionUpdate = (action: EnrolmentAction) => defineUpdate<EnrolmentStatus, [ActionRequest]>(action);
