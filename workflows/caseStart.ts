import type { SearchAttributePair } from '@temporalio/common';
import { initialTransition, transition } from 'xstate';
import { CASE_KIND } from '../domain/caseMachine';
import { subjectSearchAttributes } from './searchAttributes';

// For whoever starts a case (the API, a feed batch); not part of the workflow bundle's per-run code.
/** The state a warning is in once received: pushed to the township for verification. */
const CASE_RECEIVED_STATE = String(transition(CASE_KIND.machine, initialTransition(CASE_KIND.machine)[0], { type: 'PUSH' })[0].value);

/** A new case's attributes as its start request gives them (the receiver knows them; the case then need not upsert them). */
export function receivedCaseSearchAttributes(townshipCode: string): SearchAttributePair[] {
  return subjectSearchAttributes({ regionCode: townshipCode, subjectType: CASE_KIND.type, state: CASE_RECEIVED_STATE, overdue: false });
}
