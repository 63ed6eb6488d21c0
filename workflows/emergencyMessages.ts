import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SubjectEventRecord } from './machineRunner';
import type { CalendarDate } from '../domain/calendarDate';
import type { Actor } from '../domain/vocabulary';
import type {
  EmergencyAction,
  EmergencyContext,
  EmergencyPayment,
  EmergencyState,
  FirstAidCheck,
} from '../domain/emergencyMachine';
import type { EmergencyKind, PaymentBasis } from '../domain/emergencySchemas';
import type { TaskSpec } from '../domain/taskSpec';
import type { ActionRequest } from './subjectMessages';

/**
 * The contract between the emergency workflow, its activities, the API and the
 * tests (the emergency counterpart of messages.ts): every message and record
 * shape is defined once, here.
 */

export interface EmergencyInput {
  emergencyId: string;
  /** The township's own number for the report: the same township and report id are the same emergency. */
  reportId: string;
  /** Keyed hash of the ID number: the full number never enters workflow history. */
  personRef: string;
  idNumberMasked: string;
  /** Where the emergency happened (急难发生地), whatever the person's household registration. */
  townshipCode: string;
  kind: EmergencyKind;
  amountRequestedFen: number;
  /** Day 0 of the documentation period; the policy in force on this day applies. */
  occurredOn: CalendarDate;
  description: string;
  /** The case whose temporary-aid item (临时救助) this emergency delivers. */
  fromCase?: { caseId: string; itemId: string } | null;
  actor: Actor;
}

/** When a first-aid payment must be documented, and when the township is reminded. */
export interface DocumentationDeadline {
  workingDays: number;
  dueOn: CalendarDate;
  /** Part of the counted period lies in a year without official calendar data. */
  provisional: boolean;
  remindOn: CalendarDate;
  /** The start of remindOn, Asia/Shanghai. */
  remindAtMs: number;
  /** The instant the step becomes overdue: the start of the day after dueOn, Asia/Shanghai. */
  overdueAtMs: number;
}

/** What the workflow needs to decide and time an emergency: the first-aid check and the documentation deadline. */
export interface EmergencyPlan {
  check: FirstAidCheck;
  documentation: DocumentationDeadline;
  /** Which policy rows were applied (policy_values versions). */
  policyVersions: string[];
}

export interface EmergencyStatus {
  emergencyId: string;
  state: EmergencyState;
  stateLabel: string;
  allowedActions: EmergencyAction[];
  context: EmergencyContext;
  /** Only for aid paid first: the documentation it owes. */
  documentation: (DocumentationDeadline & { reminded: boolean; overdue: boolean }) | null;
  policyVersions: string[];
}

/** One entry of the emergency's projection: an event and the state it led to. */
export type EmergencyEventRecord = SubjectEventRecord<EmergencyStatus, { emergencyId: string; input: EmergencyInput }>;

export interface PaymentRequest {
  emergencyId: string;
  personRef: string;
  amountFen: number;
  basis: PaymentBasis;
  /** Workflow time, so a replayed or retried payment carries the same instant. */
  paidAtMs: number;
  paidBy: Actor;
  /** For first aid: the limit and window to check again under the person's lock, right before paying. */
  splitGuard: Pick<FirstAidCheck, 'limitFen' | 'windowDays' | 'windowStartOn'> | null;
}

export type PaymentOutcome =
  | { outcome: 'PAID'; payment: EmergencyPayment }
  /** Another first-aid payment to the person was made after the assessment: this one now needs approval. */
  | { outcome: 'HELD_AS_SPLIT'; check: FirstAidCheck };

export const emergencyStatusQuery = defineQuery<EmergencyStatus>('status');
/** Resolves once the emergency is assessed and, within the limit, paid. */
export const emergencyReceiptUpdate = defineUpdate<EmergencyStatus>('receipt');
export const emergencyActionUpdate = (action: EmergencyAction) => defineUpdate<EmergencyStatus, [ActionRequest]>(action);
