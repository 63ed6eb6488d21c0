import { ApplicationFailure, allHandlersFinished, condition, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { initialTransition, transition, type AnyEventObject, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { SubjectKind } from '../domain/subjectKind';
import type { TaskSpec } from '../domain/taskSpec';
import type { Actor } from '../domain/vocabulary';
import { ILLEGAL_ACTION, type ActionRequest, type IllegalActionDetails } from './subjectMessages';
import { projectOrRecordFailure } from './projectionFailure';
import { AIDLOOP_OVERDUE, AIDLOOP_STATE, subjectSearchAttributes } from './searchAttributes';

/** One event as every subject's projection records it. */
export interface RecordedEvent {
  seq: number;
  eventType: string;
  actor: Actor;
  payload: unknown;
  occurredAtMs: number;
  fromState: string;
}

/**
 * What a subject's projection activity receives: the event, the subject's
 * status after it, the tasks open then, and the subject's own fixed fields
 * (its id, its input).
 */
export type SubjectEventRecord<Status, Fields extends object> = RecordedEvent & Fields & { status: Status; openTasks: TaskSpec[] };

export interface ResumePoint {
  state: string;
  context: unknown;
  seq: number;
}

/**
 * What every subject workflow (case, application, …) does the same way: keep
 * the XState snapshot as workflow state and move it only with the pure
 * `transition`; accept human steps as Temporal Updates whose validator asks the
 * machine (an illegal step is an `IllegalAction` failure listing the legal
 * ones); write each event to the projection strictly in order, whatever
 * updates interleave.
 */
export class MachineRunner<Status, A extends string = string, Fields extends object = object> {
  snapshot: AnyMachineSnapshot;
  /** False until the subject is on record; steps before that are refused. */
  received = false;
  private seq = 0;
  private projected: Promise<void> = Promise.resolve();
  /** The state and overdue flag last upserted as search attributes; undefined in runs that predate them. */
  private searched?: string;

  private readonly machine: AnyStateMachine;

  constructor(
    private readonly kind: SubjectKind<AnyStateMachine, A>,
    private readonly opts: {
      status: () => Status;
      /**
       * The projection: the activity that writes each event (after every
       * earlier one), the subject's fixed fields, and its open tasks, planned
       * when the event happens so they match the state it led to.
       */
      projection: {
        write: (record: SubjectEventRecord<Status, Fields>) => Promise<void>;
        fields: Fields;
        openTasks: () => TaskSpec[];
      };
      /** The machine's input (its initial context). */
      input?: unknown;
      /** Where a run continued-as-new left off: state, context and the last event's seq. */
      resume?: ResumePoint;
      /** The subject's township (or, for a county's own subject, county) code: its search attributes. */
      regionCode: string;
      /** Whether an overdue (escalated) step of the subject is still open; kinds without deadlines leave it out. */
      overdue?: () => boolean;
      /**
       * Keep search attributes: a workflow that decided it under a patch of its own says so; by default patch
       * search-attributes-v1 decides. 'given-at-start': the start request may carry them (the state it names
       * is the one the subject is in once received), then they are upserted only when they change from those.
       */
      searchAttributes?: boolean | 'given-at-start';
    },
  ) {
    const machine = kind.machine;
    this.machine = machine;
    const resume = opts.resume;
    this.snapshot = resume ? machine.resolveState({ value: resume.state, context: resume.context }) : initialTransition(machine, opts.input)[0];
    if (resume) {
      this.seq = resume.seq;
      this.received = true;
    }
    // Runs recorded before the search attributes (test/histories) replay without them.
    const keep = opts.searchAttributes ?? patched('search-attributes-v1');
    if (keep === 'given-at-start') this.searched = this.givenAtStart();
    if (keep && this.searched === undefined) this.upsertSearchAttributes();
  }

  /** The state and overdue flag the start request's search attributes name, if it carried them. */
  private givenAtStart(): string | undefined {
    const given = workflowInfo().typedSearchAttributes;
    const state = given.get(AIDLOOP_STATE);
    return state === undefined ? undefined : `${state}/${given.get(AIDLOOP_OVERDUE) ?? false}`;
  }

  /** Upserts the subject's search attributes when it starts and whenever its state or overdue flag changed. */
  private upsertSearchAttributes(): void {
    const overdue = this.opts.overdue?.() ?? false;
    const now = `${this.state}/${overdue}`;
    if (now === this.searched) return;
    this.searched = now;
    upsertSearchAttributes(subjectSearchAttributes({ regionCode: this.opts.regionCode, subjectType: this.kind.type, state: this.state, overdue }));
  }

  /** What the next run needs after continue-as-new. */
  resumePoint(): ResumePoint {
    return { state: this.state, context: this.snapshot.context, seq: this.seq };
  }

  get state(): string {
    return this.snapshot.value as string;
  }

  /** The human steps the subject's state allows now. */
  get allowedActions(): A[] {
    return this.kind.allowedActions(this.snapshot);
  }

  /** The Chinese label of the current state. */
  get stateLabel(): string {
    return this.kind.label(this.state);
  }

  get done(): boolean {
    return this.snapshot.status === 'done';
  }

  /** Applies `event` (if any) and records it; resolves once the projection has it. */
  record(eventType: string, actor: Actor, payload: unknown, event?: AnyEventObject): Promise<void> {
    const fromState = this.state;
    if (event) this.snapshot = transition(this.machine, this.snapshot, event)[0];
    this.seq += 1;
    const entry: RecordedEvent = { seq: this.seq, eventType, actor, payload, occurredAtMs: Date.now(), fromState };
    const { write, fields, openTasks } = this.opts.projection;
    const record = { ...entry, ...fields, status: this.opts.status(), openTasks: openTasks() } as SubjectEventRecord<Status, Fields>;
    const toState = this.state;
    if (this.searched !== undefined) this.upsertSearchAttributes();
    this.projected = this.projected.then(() => projectOrRecordFailure(() => write(record), this.kind.type, entry, toState));
    return this.projected;
  }

  illegal(action: string, why: string): ApplicationFailure {
    const details: IllegalActionDetails = { action, state: this.state, allowedActions: this.allowedActions };
    return ApplicationFailure.create({ type: ILLEGAL_ACTION, message: why, details: [details], nonRetryable: true });
  }

  /**
   * One Update per human action of the kind (named after the action). An
   * update answers once `settled()` holds and its effects are projected, so a
   * step the workflow completes by itself (an assessment, a payment) is
   * answered with its result. With `withActor` the acting user goes into the
   * machine event as `by` (who reviewed, approved: SPEC §7).
   */
  handleActions(
    definition: (action: A) => UpdateDefinition<Status, [ActionRequest]>,
    options: { settled?: () => boolean; withActor?: boolean } = {},
  ): void {
    const { settled = () => true, withActor = false } = options;
    const noun = this.kind.noun;
    for (const action of Object.keys(this.kind.actions) as A[]) {
      const type = this.kind.actions[action];
      const toEvent = (request: ActionRequest) =>
        ({ ...(request.input as object), ...(withActor ? { by: request.actor } : {}), type }) as AnyEventObject;
      const check = (request: ActionRequest) => {
        if (!this.received) throw this.illegal(action, `${noun} is still being received`);
        if (!this.snapshot.can(toEvent(request))) throw this.illegal(action, `${action} is not allowed while ${noun} is ${this.state}`);
      };
      setHandler(
        definition(action),
        async (request) => {
          check(request); // again: another update may have moved the subject since validation
          await this.record(type, request.actor, request.input, toEvent(request));
          await condition(settled);
          await this.projected;
          return this.opts.status();
        },
        { validator: check },
      );
    }
  }

  /** An Update that resolves once the subject is on record. */
  handleReceipt(definition: UpdateDefinition<Status, []>): void {
    setHandler(definition, async () => {
      await condition(() => this.received);
      await this.projected;
      return this.opts.status();
    });
  }

  /** Waits for every running handler and projection write to finish (before completing or continuing as new). */
  async finishedHandlers(): Promise<void> {
    await condition(allHandlersFinished);
    await this.projected;
  }

  /** Waits for the final state, then for every handler and projection write. */
  async finished(): Promise<void> {
    await condition(() => this.done);
    await this.finishedHandlers();
  }
}
