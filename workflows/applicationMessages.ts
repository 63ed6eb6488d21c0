import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SubjectEventRecord } from './machineRunner';
import type { ApplicationAction, ApplicationContext, ApplicationState, DecisionSummary } from '../domain/applicationMachine';
import type { CalendarDate } from '../domain/calendarDate';
import type { Actor } from '../domain/vocabulary';
import type { TaskSpec } from '../domain/taskSpec';
import type { ActionRequest } from './subjectMessages';

/** The contract of the application workflow with its activities, the API and the case workflow. */

export interface ApplicationInput {
  applicationId: string;
  reference: string;
  householdId: string;
  applicant: { personRef: string; idNumberMasked: string };
  townshipCode: string;
  channel: 'SELF' | 'VILLAGE_ON_BEHALF' | 'CASE_REFERRAL';
  receivedOn: CalendarDate;
  /** The case whose referral (协助申办) this application answers. */
  fromCase: { caseId: string; itemId: string } | null;
  actor: Actor;
}

export interface ApplicationStatus {
  applicationId: string;
  state: ApplicationState;
  stateLabel: string;
  allowedActions: ApplicationAction[];
  context: ApplicationContext;
  publicityEndsOn: CalendarDate | null;
}

export type ApplicationEventRecord = SubjectEventRecord<ApplicationStatus, { applicationId: string; input: ApplicationInput }>;

export interface AssessRequest {
  applicationId: string;
  snapshotId: string;
  householdId: string;
  townshipCode: string;
  assessedOn: CalendarDate;
}

export type { DecisionSummary };

export const applicationStatusQuery = defineQuery<ApplicationStatus>('applicationStatus');
export const applicationReceiptUpdate = defineUpdate<ApplicationStatus>('applicationReceipt');
export const applicationActionUpdate = (action: ApplicationAction) => defineUpdate<ApplicationStatus, [ActionRequest]>(action);
