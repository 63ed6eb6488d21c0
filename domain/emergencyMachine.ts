import { assign, setup, type SnapshotFrom } from 'xstate';
import type { CalendarDate } from './calendarDate';
import type { Actor } from './vocabulary';
import type { ApproveInput, DocumentInput, PaymentBasis, RejectInput, ReviewInput } from './emergencySchemas';
import { defineSubjectKind, type StateOf } from './subjectKind';

/**
 * The legal transitions of one emergency (急难社会救助, SPEC §4–§5). Seed 004
 * (七): aid of 1000 yuan or less may be paid first (先行救助) and the
 * circumstances documented afterwards (事后补充说明情况); larger amounts follow
 * the normal procedure: township review, county approval, then payment. The
 * limit is local policy; "以下" includes the limit itself (Civil Code art. 1259).
 *
 * One person's first aid is added up over a local window, so that one need
 * split into several small requests is not paid first piece by piece: when the
 * earlier first-aid payments plus this amount exceed the limit, this one goes
 * to review and approval too.
 *
 * Like caseMachine, this is the only place legality is decided; the workflow
 * drives it with the pure `transition` function. Paying is a state (the
 * workflow records the payment as an activity, then sends PAID); the
 * documentation deadline, its reminder and escalation are timers of the
 * workflow, not states.
 */

export type EmergencyRoute = 'FIRST_AID' | 'APPROVAL';

/** The numbers the routing decision used, kept with the emergency for audit. */
export interface FirstAidCheck {
  limitFen: number;
  /** First-aid payments to the same person within the window, this emergency excluded. */
  priorFirstAidFen: number;
  priorFirstAidEmergencyIds: string[];
  windowDays: number;
  windowStartOn: CalendarDate;
}

export interface EmergencyAssessment extends FirstAidCheck {
  amountRequestedFen: number;
  route: EmergencyRoute;
  /** SPLIT: within the limit alone, over it with the person's recent first aid. */
  reason: 'WITHIN_LIMIT' | 'ABOVE_LIMIT' | 'SPLIT';
  /** The split rule caught a payment made meanwhile only when paying (see recordEmergencyPayment). */
  caughtAtPayment?: boolean;
}

export interface EmergencyPayment {
  amountFen: number;
  basis: PaymentBasis;
  /** ISO instant. */
  paidAt: string;
  paidBy: Actor;
}

export interface EmergencyContext {
  assessment: EmergencyAssessment | null;
  payment: EmergencyPayment | null;
  documentation: (DocumentInput & { by: Actor }) | null;
  review: (ReviewInput & { by: Actor }) | null;
  decision:
    | ({ outcome: 'APPROVED'; by: Actor } & ApproveInput)
    | ({ outcome: 'REJECTED'; by: Actor } & RejectInput)
    | null;
}

export type EmergencyEvent =
  | ({ type: 'ASSESS'; amountRequestedFen: number } & FirstAidCheck)
  | { type: 'PAID'; payment: EmergencyPayment }
  | ({ type: 'SPLIT_CAUGHT' } & FirstAidCheck)
  | ({ type: 'DOCUMENT'; by: Actor } & DocumentInput)
  | ({ type: 'REVIEW'; by: Actor } & ReviewInput)
  | ({ type: 'APPROVE'; by: Actor } & ApproveInput)
  | ({ type: 'REJECT'; by: Actor } & RejectInput);

type EventOf<T extends EmergencyEvent['type']> = Extract<EmergencyEvent, { type: T }>;

/** 先行救助 is allowed while this person's first aid in the window, this amount included, stays within the limit. */
export function isWithinFirstAidLimit(amountFen: number, priorFirstAidFen: number, limitFen: number): boolean {
  return amountFen + priorFirstAidFen <= limitFen;
}

function checkOf(e: FirstAidCheck): FirstAidCheck {
  const { limitFen, priorFirstAidFen, priorFirstAidEmergencyIds, windowDays, windowStartOn } = e;
  return { limitFen, priorFirstAidFen, priorFirstAidEmergencyIds, windowDays, windowStartOn };
}

export const emergencyMachine = setup({
  types: {
    context: {} as EmergencyContext,
    events: {} as EmergencyEvent,
  },
  guards: {
    isWithinFirstAidLimit: ({ event }) =>
      event.type === 'ASSESS' && isWithinFirstAidLimit(event.amountRequestedFen, event.priorFirstAidFen, event.limitFen),
    isFirstAidRoute: ({ context }) => context.assessment?.route === 'FIRST_AID',
  },
  actions: {
    recordAssessment: assign({
      assessment: ({ event }, params: { route: EmergencyRoute }) => {
        const e = event as EventOf<'ASSESS'>;
        const reason = params.route === 'FIRST_AID' ? 'WITHIN_LIMIT' : e.amountRequestedFen > e.limitFen ? 'ABOVE_LIMIT' : 'SPLIT';
        return { ...checkOf(e), amountRequestedFen: e.amountRequestedFen, route: params.route, reason } as const;
      },
    }),
    recordSplitCaught: assign({
      assessment: ({ context, event }) => ({
        ...checkOf(event as EventOf<'SPLIT_CAUGHT'>),
        amountRequestedFen: context.assessment?.amountRequestedFen ?? 0,
        route: 'APPROVAL' as const,
        reason: 'SPLIT' as const,
        caughtAtPayment: true,
      }),
    }),
    recordPayment: assign({ payment: ({ event }) => (event as EventOf<'PAID'>).payment }),
    recordDocumentation: assign({
      documentation: ({ event }) => {
        const e = event as EventOf<'DOCUMENT'>;
        return { circumstances: e.circumstances, by: e.by };
      },
    }),
    recordReview: assign({
      review: ({ event }) => {
        const e = event as EventOf<'REVIEW'>;
        return { findings: e.findings, recommendedAmountFen: e.recommendedAmountFen, by: e.by };
      },
    }),
    recordApproval: assign({
      decision: ({ event }) => {
        const e = event as EventOf<'APPROVE'>;
        return { outcome: 'APPROVED' as const, approvedAmountFen: e.approvedAmountFen, opinion: e.opinion, by: e.by };
      },
    }),
    recordRejection: assign({
      decision: ({ event }) => {
        const e = event as EventOf<'REJECT'>;
        return { outcome: 'REJECTED' as const, reason: e.reason, by: e.by };
      },
    }),
  },
}).createMachine({
  id: 'emergency',
  initial: 'reported',
  context: { assessment: null, payment: null, documentation: null, review: null, decision: null },
  states: {
    reported: {
      on: {
        ASSESS: [
          { guard: 'isWithinFirstAidLimit', target: 'paying', actions: { type: 'recordAssessment', params: { route: 'FIRST_AID' } } },
          { target: 'reviewing', actions: { type: 'recordAssessment', params: { route: 'APPROVAL' } } },
        ],
      },
    },
    paying: {
      on: {
        PAID: [
          { guard: 'isFirstAidRoute', target: 'documenting', actions: 'recordPayment' },
          { target: 'closed', actions: 'recordPayment' },
        ],
        // Only a first-aid payment can be held back as a split; an approved one is paid as approved.
        SPLIT_CAUGHT: { guard: 'isFirstAidRoute', target: 'reviewing', actions: 'recordSplitCaught' },
      },
    },
    documenting: { on: { DOCUMENT: { target: 'closed', actions: 'recordDocumentation' } } },
    reviewing: { on: { REVIEW: { target: 'approving', actions: 'recordReview' } } },
    approving: {
      on: {
        APPROVE: { target: 'paying', actions: 'recordApproval' },
        REJECT: { target: 'rejected', actions: 'recordRejection' },
      },
    },
    closed: { type: 'final' },
    rejected: { type: 'final' },
  },
});

export type EmergencySnapshot = SnapshotFrom<typeof emergencyMachine>;
export type EmergencyState = StateOf<typeof emergencyMachine>;

/** An emergency: its states in Chinese and its human steps (`POST /emergencies/:id/actions/:action`). */
export const EMERGENCY_KIND = defineSubjectKind({
  type: 'EMERGENCY',
  noun: 'the emergency',
  machine: emergencyMachine,
  stateLabels: {
    reported: '已受理',
    paying: '救助金发放中',
    documenting: '已先行救助，待补充说明情况',
    reviewing: '待乡镇审核',
    approving: '待县级审批',
    closed: '已办结',
    rejected: '不予救助',
  },
  actions: {
    document: 'DOCUMENT',
    review: 'REVIEW',
    approve: 'APPROVE',
    reject: 'REJECT',
  },
});

export type EmergencyAction = keyof typeof EMERGENCY_KIND.actions;
