import { assign, setup, type SnapshotFrom } from 'xstate';
import { defineSubjectKind, type StateOf } from './subjectKind';
import type { CalendarDate } from './calendarDate';
import type { EnrolmentTier } from './applicationSchemas';

/**
 * The life of one enrolment (seed 003 三(三)2: 每年开展一次社会救助年审和复核工作，
 * 对不符合条件的对象有序退出; 四、民政局: 分类落实渐退政策，对已退出的继续做好动态监测):
 * active → a yearly review (or an early one after a reported change) → continue,
 * gradual exit (渐退: payments go on for a local number of months) or exit →
 * monitored for a local period after exit (two years in seed 001 item 6) → ended.
 */

export type ReviewOutcome = 'CONTINUE' | 'GRADUAL_EXIT' | 'EXIT';
export type ExitReason = 'IMPROVED' | 'NO_LONGER_ELIGIBLE' | 'DECEASED' | 'MOVED_AWAY' | 'OTHER';

export interface CompleteReviewInput {
  outcome: ReviewOutcome;
  reason: string;
  tier?: EnrolmentTier | undefined;
  monthlyAmountFen?: number | undefined;
  exitReason?: ExitReason | undefined;
}

export interface EnrolmentContext {
  tier: EnrolmentTier;
  monthlyAmountFen: number;
  /** Completed reviews; the next annual review is due on the (cycle + 1)-th anniversary. */
  cycle: number;
  review: { reason: 'ANNUAL' | 'CHANGE'; dueOn: CalendarDate | null; changes: string[] } | null;
  exit: { kind: 'GRADUAL' | 'IMMEDIATE'; reason: ExitReason; paymentsEndOn: CalendarDate | null; monitoringEndsOn: CalendarDate | null } | null;
}

export type EnrolmentEvent =
  | { type: 'REVIEW_OPENED'; reason: 'ANNUAL' | 'CHANGE'; dueOn: CalendarDate | null }
  | { type: 'REVIEW_SCHEDULED'; dueOn: CalendarDate }
  | { type: 'REPORT_CHANGE'; summary: string }
  | ({ type: 'COMPLETE_REVIEW' } & CompleteReviewInput)
  | { type: 'EXIT_SCHEDULED'; paymentsEndOn: CalendarDate | null; monitoringEndsOn: CalendarDate }
  | { type: 'GRADUAL_EXIT_ENDED' }
  | { type: 'MONITORING_ENDED' };

type Of<T extends EnrolmentEvent['type']> = Extract<EnrolmentEvent, { type: T }>;

export const enrolmentMachine = setup({
  types: { context: {} as EnrolmentContext, events: {} as EnrolmentEvent, input: {} as EnrolmentContext },
  guards: {
    outcomeIs: ({ event }, params: { outcome: ReviewOutcome }) => (event as Of<'COMPLETE_REVIEW'>).outcome === params.outcome,
  },
  actions: {
    openReview: assign({
      review: ({ event }) => {
        const e = event as Of<'REVIEW_OPENED'>;
        return { reason: e.reason, dueOn: e.dueOn, changes: [] };
      },
    }),
    openChangeReview: assign({ review: ({ event }) => ({ reason: 'CHANGE' as const, dueOn: null, changes: [(event as Of<'REPORT_CHANGE'>).summary] }) }),
    noteChange: assign({
      review: ({ context, event }) => context.review && { ...context.review, changes: [...context.review.changes, (event as Of<'REPORT_CHANGE'>).summary] },
    }),
    scheduleReview: assign({ review: ({ context, event }) => context.review && { ...context.review, dueOn: (event as Of<'REVIEW_SCHEDULED'>).dueOn } }),
    continueEnrolment: assign(({ context, event }) => {
      const e = event as Of<'COMPLETE_REVIEW'>;
      return { tier: e.tier ?? context.tier, monthlyAmountFen: e.monthlyAmountFen ?? context.monthlyAmountFen, cycle: context.cycle + 1, review: null };
    }),
    startExit: assign(({ context, event }) => {
      const e = event as Of<'COMPLETE_REVIEW'>;
      const kind = e.outcome === 'GRADUAL_EXIT' ? ('GRADUAL' as const) : ('IMMEDIATE' as const);
      return { cycle: context.cycle + 1, review: null, exit: { kind, reason: e.exitReason ?? 'OTHER', paymentsEndOn: null, monitoringEndsOn: null } };
    }),
    scheduleExit: assign({
      exit: ({ context, event }) => {
        const e = event as Of<'EXIT_SCHEDULED'>;
        return context.exit && { ...context.exit, paymentsEndOn: e.paymentsEndOn, monitoringEndsOn: e.monitoringEndsOn };
      },
    }),
  },
}).createMachine({
  id: 'enrolment',
  initial: 'active',
  context: ({ input }) => input,
  states: {
    active: {
      on: {
        REVIEW_OPENED: { target: 'reviewing', actions: 'openReview' },
        REPORT_CHANGE: { target: 'reviewing', actions: 'openChangeReview' },
      },
    },
    reviewing: {
      on: {
        REVIEW_SCHEDULED: { actions: 'scheduleReview' },
        REPORT_CHANGE: { actions: 'noteChange' },
        COMPLETE_REVIEW: [
          { guard: { type: 'outcomeIs', params: { outcome: 'CONTINUE' } }, target: 'active', actions: 'continueEnrolment' },
          { guard: { type: 'outcomeIs', params: { outcome: 'GRADUAL_EXIT' } }, target: 'gradualExit', actions: 'startExit' },
          { target: 'monitored', actions: 'startExit' },
        ],
      },
    },
    gradualExit: { on: { EXIT_SCHEDULED: { actions: 'scheduleExit' }, GRADUAL_EXIT_ENDED: 'monitored' } },
    monitored: { on: { EXIT_SCHEDULED: { actions: 'scheduleExit' }, MONITORING_ENDED: 'ended' } },
    ended: { type: 'final' },
  },
});

export type EnrolmentSnapshot = SnapshotFrom<typeof enrolmentMachine>;
export type EnrolmentState = StateOf<typeof enrolmentMachine>;

/** An enrolment: its states in Chinese and its human steps (`POST /enrolments/:id/actions/:action`). */
export const ENROLMENT_KIND = defineSubjectKind({
  type: 'ENROLMENT',
  noun: 'the enrolment',
  machine: enrolmentMachine,
  stateLabels: {
    active: '在保',
    reviewing: '复核中',
    gradualExit: '渐退期',
    monitored: '已退出，继续监测',
    ended: '监测结束',
  },
  actions: {
    'report-change': 'REPORT_CHANGE',
    'complete-review': 'COMPLETE_REVIEW',
  },
});

export type EnrolmentAction = keyof typeof ENROLMENT_KIND.actions;
