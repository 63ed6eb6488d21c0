import { defineSignal } from '@temporalio/workflow';
import type { CalendarDate } from '../domain/calendarDate';
import type { HardshipType } from '../domain/caseSchemas';
import type { Actor } from '../domain/vocabulary';

/**
 * A new clue about a person or household that already has an open case (SPEC
 * §2: "A new clue about a person already in an open case belongs to that
 * case"): the case records it as CLUE_ADDED instead of a second case opening.
 */
export interface Clue {
  /** Stable per source record: the same clue twice is recorded once. */
  clueId: string;
  source: string;
  sourceId: string;
  hardshipType: HardshipType;
  detail: string;
  receivedOn: CalendarDate;
  /** Whom the clue is about (the case's person or a member of their household). */
  personRef: string;
  idNumberMasked: string;
  /** A feed warning's rule and the policy version it came from. */
  rule?: { id: string; version: string; batchId: string };
  actor: Actor;
}

export const clueSignal = defineSignal<[Clue]>('clue');
