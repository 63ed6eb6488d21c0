import { assign, setup, type SnapshotFrom } from 'xstate';
import { defineSubjectKind, type StateOf } from './subjectKind';
import type {
  DeliberateInput,
  DisposalOutcome,
  DisposeInput,
  FeedbackInput,
  RecordAssistanceInput,
  ReferInput,
  ReferralTarget,
  ReportResultInput,
  VerifyInput,
} from './caseSchemas';

/**
 * The legal status transitions of one warning's case (SPEC §3; seeds 000, 003,
 * 004): warned → verifying (pushed to the township's inbox) → verified →
 * classified disposal → assisting → feedback → closed. This machine is the only
 * place legality is decided; the workflow drives it with the pure
 * `transition` function and the API lists `allowedActions` from it. Timers and
 * "overdue" are not states: they belong to the workflow (a step is late, the
 * case is still where it is).
 */

export interface TrackedItem {
  id: string;
  kind: 'REFERRAL' | 'ASSISTANCE';
  referTo?: ReferralTarget;
  measure?: RecordAssistanceInput['measure'];
  description: string;
  amountFen?: number;
  result?: { result: ReportResultInput['result']; note: string; amountFen?: number };
}

export interface CaseContext {
  disposal: {
    outcome: DisposalOutcome;
    reason: string;
    monitoringContinues?: boolean;
    deliberation?: { outcome: DisposalOutcome; minutes: string };
  } | null;
  items: TrackedItem[];
  feedback: string | null;
}

export type CaseEvent =
  | { type: 'PUSH' }
  | ({ type: 'VERIFY' } & VerifyInput)
  | ({ type: 'DISPOSE' } & DisposeInput)
  | ({ type: 'DELIBERATE' } & DeliberateInput)
  | ({ type: 'REFER' } & ReferInput)
  | ({ type: 'RECORD_ASSISTANCE' } & RecordAssistanceInput)
  | ({ type: 'REPORT_RESULT' } & ReportResultInput)
  | ({ type: 'FEEDBACK' } & FeedbackInput);

type OutcomeEvent = Extract<CaseEvent, { type: 'DISPOSE' | 'DELIBERATE' }>;

function nextItemId(items: readonly TrackedItem[]): string {
  return `item-${items.length + 1}`;
}

function referralItem(items: readonly TrackedItem[], referTo: ReferralTarget, description: string): TrackedItem {
  return { id: nextItemId(items), kind: 'REFERRAL', referTo, description };
}

/** DISPOSE and DELIBERATE resolve to the same outcomes; COMPLEX only from DISPOSE. */
function outcomeTransitions(withComplex: boolean) {
  const branches = [
    { guard: { type: 'outcomeIs', params: { outcome: 'DELIVER_POLICY' } }, target: 'assisting', actions: 'recordDisposal' },
    { guard: { type: 'outcomeIs', params: { outcome: 'MAY_QUALIFY' } }, target: 'assisting', actions: ['recordDisposal', 'openReferralFromDisposal'] },
    { guard: { type: 'outcomeIs', params: { outcome: 'NO_LONGER_QUALIFIES' } }, target: 'feedback', actions: 'recordDisposal' },
    { guard: { type: 'outcomeIs', params: { outcome: 'COMPLEX' } }, target: 'deliberating', actions: 'recordDisposal' },
    { guard: { type: 'outcomeIs', params: { outcome: 'NO_CHANGE' } }, target: 'closed', actions: 'recordDisposal' },
  ] as const;
  return branches.filter((b) => withComplex || b.guard.params.outcome !== 'COMPLEX');
}

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
  },
  guards: {
    outcomeIs: ({ event }, params: { outcome: DisposalOutcome }) =>
      (event as OutcomeEvent).outcome === params.outcome,
    isOpenItem: ({ context, event }) =>
      event.type === 'REPORT_RESULT' && context.items.some((i) => i.id === event.itemId && !i.result),
    allItemsReported: ({ context }) => context.items.length > 0 && context.items.every((i) => i.result),
  },
  actions: {
    recordDisposal: assign({
      disposal: ({ context, event }) => {
        const e = event as OutcomeEvent;
        if (e.type === 'DELIBERATE') {
          const first = context.disposal ?? { outcome: 'COMPLEX' as const, reason: e.minutes };
          return {
            ...first,
            monitoringContinues: e.monitoringContinues,
            deliberation: { outcome: e.outcome, minutes: e.minutes },
          };
        }
        return { outcome: e.outcome, reason: e.reason, monitoringContinues: e.monitoringContinues };
      },
    }),
    openReferralFromDisposal: assign({
      items: ({ context, event }) => {
        const e = event as OutcomeEvent;
        return e.referTo ? [...context.items, referralItem(context.items, e.referTo, e.need ?? e.reason)] : context.items;
      },
    }),
    openReferral: assign({
      items: ({ context, event }) => {
        const e = event as Extract<CaseEvent, { type: 'REFER' }>;
        return [...context.items, referralItem(context.items, e.referTo, e.need)];
      },
    }),
    openAssistance: assign({
      items: ({ context, event }) => {
        const e = event as Extract<CaseEvent, { type: 'RECORD_ASSISTANCE' }>;
        const item: TrackedItem = { id: nextItemId(context.items), kind: 'ASSISTANCE', measure: e.measure, description: e.description };
        if (e.amountFen !== undefined) item.amountFen = e.amountFen;
        return [...context.items, item];
      },
    }),
    recordResult: assign({
      items: ({ context, event }) => {
        const e = event as Extract<CaseEvent, { type: 'REPORT_RESULT' }>;
        return context.items.map((i) => {
          if (i.id !== e.itemId) return i;
          const result: NonNullable<TrackedItem['result']> = { result: e.result, note: e.note };
          if (e.amountFen !== undefined) result.amountFen = e.amountFen;
          return { ...i, result };
        });
      },
    }),
    recordFeedback: assign({
      feedback: ({ event }) => (event as Extract<CaseEvent, { type: 'FEEDBACK' }>).summary,
    }),
  },
}).createMachine({
  id: 'case',
  initial: 'warned',
  context: { disposal: null, items: [], feedback: null },
  states: {
    warned: { on: { PUSH: 'verifying' } },
    verifying: { on: { VERIFY: 'verified' } },
    verified: { on: { DISPOSE: outcomeTransitions(true) } },
    deliberating: { on: { DELIBERATE: outcomeTransitions(false) } },
    assisting: {
      always: { guard: 'allItemsReported', target: 'feedback' },
      on: {
        REFER: { actions: 'openReferral' },
        RECORD_ASSISTANCE: { actions: 'openAssistance' },
        REPORT_RESULT: { guard: 'isOpenItem', actions: 'recordResult' },
      },
    },
    feedback: { on: { FEEDBACK: { target: 'closed', actions: 'recordFeedback' } } },
    closed: { type: 'final' },
  },
});

export type CaseSnapshot = SnapshotFrom<typeof caseMachine>;
export type CaseState = StateOf<typeof caseMachine>;

/** A case: its states in Chinese and its human steps by API name (`POST /cases/:id/actions/:action`). */
export const CASE_KIND = defineSubjectKind({
  type: 'CASE',
  noun: 'the case',
  machine: caseMachine,
  stateLabels: {
    warned: '已预警',
    verifying: '待入户核实',
    verified: '已核实待处置',
    deliberating: '一事一议研究中',
    assisting: '救助帮扶中',
    feedback: '待结果反馈',
    closed: '已办结',
  },
  actions: {
    verify: 'VERIFY',
    dispose: 'DISPOSE',
    deliberate: 'DELIBERATE',
    refer: 'REFER',
    'record-assistance': 'RECORD_ASSISTANCE',
    'report-result': 'REPORT_RESULT',
    feedback: 'FEEDBACK',
  },
  // A result can only be reported while some item is still open.
  refineAllowed: (snapshot, actions) =>
    snapshot.context.items.some((i) => !i.result) ? actions : actions.filter((a) => a !== 'report-result'),
});

export type CaseAction = keyof typeof CASE_KIND.actions;
