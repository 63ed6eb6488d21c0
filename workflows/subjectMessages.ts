import type { Actor } from '../domain/vocabulary';

/** What every subject's workflow and the API say to each other about a human step. */

export interface ActionRequest<T = unknown> {
  actor: Actor;
  input: T;
}

/** The error type the API maps to 409, with the legal actions in its details. */
export const ILLEGAL_ACTION = 'IllegalAction';
export interface IllegalActionDetails {
  action: string;
  state: string;
  allowedActions: string[];
}
