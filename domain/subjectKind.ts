import type { AnyMachineSnapshot, AnyStateMachine, EventFromLogic, StateValueFrom } from 'xstate';
import { actionsWithTransitions, finalStatesOf } from './machineActions';
import type { SubjectType } from './taskSpec';

/** A machine's state values, as the machine itself types them. */
export type StateOf<M extends AnyStateMachine> = Extract<StateValueFrom<M>, string>;

/**
 * What makes one kind of durable subject (a case, an application, …): its
 * machine, a Chinese label for each of the machine's own states, and its human
 * steps by API name with the machine event each sends. The workflow runner,
 * the API routes, their pre-check and OpenAPI are derived from it.
 */
export interface SubjectKindSpec<M extends AnyStateMachine, A extends string> {
  type: SubjectType;
  /** What refusals call one ("the case"). */
  noun: string;
  machine: M;
  /** A state added to the machine without a label does not compile. */
  stateLabels: Record<StateOf<M>, string>;
  actions: Record<A, EventFromLogic<M>['type']>;
  /** Narrows the actions the machine has transitions for (e.g. only while an item is open). */
  refineAllowed?: (snapshot: ReturnType<M['resolveState']>, actions: A[]) => A[];
}

export interface SubjectKind<M extends AnyStateMachine = AnyStateMachine, A extends string = string> extends SubjectKindSpec<M, A> {
  /** The states in which the subject's workflow has ended. */
  finalStates: readonly StateOf<M>[];
  isFinal(state: string): boolean;
  /** The human steps with a transition out of the snapshot's state. */
  allowedActions(snapshot: AnyMachineSnapshot): A[];
  /** The label of a state; a state value of another kind is answered as is. */
  label(state: string): string;
}

export function defineSubjectKind<M extends AnyStateMachine, A extends string>(spec: SubjectKindSpec<M, A>): SubjectKind<M, A> {
  const finalStates = finalStatesOf(spec.machine) as StateOf<M>[];
  const labels = spec.stateLabels as Record<string, string>;
  return {
    ...spec,
    finalStates,
    isFinal: (state) => (finalStates as string[]).includes(state),
    allowedActions(snapshot) {
      const actions = actionsWithTransitions(snapshot, spec.actions as Record<A, string>);
      return spec.refineAllowed ? spec.refineAllowed(snapshot as ReturnType<M['resolveState']>, actions) : actions;
    },
    label: (state) => labels[state] ?? state,
  };
}

/** The action names of a kind. */
export type ActionOf<K> = K extends SubjectKind<AnyStateMachine, infer A> ? A : never;
