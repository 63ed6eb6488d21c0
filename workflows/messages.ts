import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SubjectEventRecord } from './machineRunner';
import type { CaseAction, CaseContext, CaseState } from '../domain/caseMachine';
import type { CalendarDate } from '../domain/calendarDate';
import type { HardshipType, WarningSource } from '../domain/caseSchemas';
import type { Actor } from '../domain/vocabulary';
import type { ActionRequest } from './subjectMessages';
import type { TaskSpec } from '../domain/taskSpec';

/**
 * The contract between the case workflow, its activities, the API and the
 * tests: every message and record shape is defined once, here.
 */

export interface CaseInput {
  caseId: string;
  source: WarningSource;
  sourceId: string;
  /** Keyed hash of the ID number: the full number never enters workflow history. */
  personRef: string;
  idNumberMasked: string;
  townshipCode: string;
  hardshipType: HardshipType;
  receivedOn: CalendarDate;
  detail: string;
  actor: Actor;
  /**
   * The verification deadline as planned by whoever received the warning (the
   * API, a feed batch): a pure function of policy and calendar data, so the
   * case needs no activity round trip before it is on record. Runs started
   * without it plan it themselves.
   */
  deadline?: VerificationDeadline;
}

export interface VerificationDeadline {
  workingDays: number;
  dueOn: CalendarDate;
  /** Part of the counted period lies in a year without official calendar data. */
  provisional: boolean;
  /** The instant the step becomes overdue: the start of the day after dueOn, Asia/Shanghai. */
  overdueAtMs: number;
  policyVersion: string;
}

export interface CaseStatus {
  caseId: string;
  state: CaseState;
  stateLabel: string;
  allowedActions: CaseAction[];
  context: CaseContext;
  verification: VerificationDeadline & { overdue: boolean };
}

/** One entry of the case's projection: an event and the state it led to. */
export type CaseEventRecord = SubjectEventRecord<CaseStatus, { caseId: string; input: CaseInput }>;

/**
 * What a case learns when a subject it started for one of its items ends (an
 * application for a referral to APPLICATION, an emergency for temporary aid):
 * the item gets its result.
 */
export interface ItemResult {
  itemId: string;
  /** The subject that answered, e.g. its application or emergency id. */
  from: string;
  delivered: boolean;
  note: string;
  amountFen?: number;
}

export const statusQuery = defineQuery<CaseStatus>('status');
/** Resolves once the warning is on record and pushed to the township. */
export const receiptUpdate = defineUpdate<CaseStatus>('receipt');
export const actionUpdate = (action: CaseAction) => defineUpdate<CaseStatus, [ActionRequest]>(action);
/** The official calendar changed (a year's notice was loaded): count the open verification deadline again. */
export const recalculateDeadlineSignal = defineSignal<[Actor]>('recalculateDeadline');
/** A subject started from one of the case's items reports its result (see ItemResult). */
export const itemResultSignal = defineSignal<[ItemResult]>('itemResult');
