import type { AnyMachineSnapshot } from 'xstate';

/**
 * The API actions (name → machine event) that have a transition out of the
 * snapshot's current state: what the API lists as allowed next.
 */
export function actionsWithTransitions<A extends string>(snapshot: AnyMachineSnapshot, actions: Record<A, string>): A[] {
  const ownEvents = new Set([...snapshot._nodes].flatMap((node) => node.ownEvents as string[]));
  return (Object.keys(actions) as A[]).filter((action) => ownEvents.has(actions[action]));
}
