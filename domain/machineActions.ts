import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from 'xstate';

type AnyStateNode = AnyStateMachine['root'];

/** The state nodes a state value stands for, from the root down (public StateNode API only). */
function activeNodes(node: AnyStateNode, value: StateValue): AnyStateNode[] {
  if (typeof value === 'string') {
    const child = node.states[value];
    return child ? [node, child] : [node];
  }
  return [node, ...Object.entries(value).flatMap(([key, sub]) => {
    const child = node.states[key];
    return child && sub !== undefined ? activeNodes(child, sub) : [];
  })];
}

/**
 * The API actions (name → machine event) that have a transition out of the
 * snapshot's current state: what the API lists as allowed next. Guards that
 * read the step's payload are not evaluated (there is none yet).
 */
export function actionsWithTransitions<A extends string>(snapshot: AnyMachineSnapshot, actions: Record<A, string>): A[] {
  const events = new Set(activeNodes(snapshot.machine.root, snapshot.value).flatMap((node) => node.ownEvents as string[]));
  return (Object.keys(actions) as A[]).filter((action) => events.has(actions[action]));
}

/** The machine's top-level final states. */
export function finalStatesOf(machine: AnyStateMachine): string[] {
  return Object.entries(machine.root.states).filter(([, node]) => node.type === 'final').map(([key]) => key);
}
