import { assign, setup, type SnapshotFrom } from 'xstate';
import { defineSubjectKind, type StateOf } from './subjectKind';
import type {
  ApproveInput,
  ConfirmDecisionInput,
  EnrolmentTier,
  OverrideDecisionInput,
  RecordObjectionInput,
  RejectInput,
  ResolveObjectionsInput,
} from './applicationSchemas';

/**
 * The legal steps of one application (一次申请、分类审核认定; seeds 001, 003, 004):
 * 家计调查 (household economic check) → the engine's decision, reviewed by staff
 * who may override it only with a written reason → 公示 (publicity, objections
 * recorded) → approval by the county → enrolled, or rejected. Like the case
 * machine, it is driven by pure transitions inside the workflow; timers belong
 * to the workflow.
 */

/** What the engine decided, as the workflow keeps it (no personal data). */
export interface DecisionSummary {
  decisionId: string;
  primaryTier: EnrolmentTier | null;
  applicableTiers: string[];
  suggestedMonthlyAmountFen: number | null;
  policyVersions: string[];
}

export interface ApplicationContext {
  /** The latest 家计调查: its household snapshot (kept in the registry, not here) and the evidence notes. */
  investigation: { snapshotId: string; evidence: string; count: number } | null;
  decision: DecisionSummary | null;
  /** The tier staff propose after review: the engine's, or an override with its reason. */
  proposal: { tier: EnrolmentTier | null; overriddenFrom?: EnrolmentTier | null; reason: string } | null;
  objections: RecordObjectionInput[];
  outcome: { enrolled: true; tier: EnrolmentTier; startOn: string; monthlyAmountFen: number } | { enrolled: false; reason: string } | null;
}

export type ApplicationEvent =
  | { type: 'RECORD_INVESTIGATION'; snapshotId: string; evidence: string }
  | { type: 'DECIDED'; decision: DecisionSummary }
  | ({ type: 'CONFIRM_DECISION' } & ConfirmDecisionInput)
  | ({ type: 'OVERRIDE_DECISION' } & OverrideDecisionInput)
  | ({ type: 'RECORD_OBJECTION' } & RecordObjectionInput)
  | { type: 'PUBLICITY_ENDED' }
  | ({ type: 'RESOLVE_OBJECTIONS' } & ResolveObjectionsInput)
  | ({ type: 'APPROVE' } & ApproveInput)
  | ({ type: 'REJECT' } & RejectInput);

type Of<T extends ApplicationEvent['type']> = Extract<ApplicationEvent, { type: T }>;

export const applicationMachine = setup({
  types: { context: {} as ApplicationContext, events: {} as ApplicationEvent },
  guards: {
    proposesTier: ({ context }) => context.proposal?.tier != null,
    hasObjections: ({ context }) => context.objections.length > 0,
    isUpheld: ({ event }) => (event as Of<'RESOLVE_OBJECTIONS'>).upheld,
  },
  actions: {
    keepInvestigation: assign({
      investigation: ({ context, event }) => {
        const e = event as Of<'RECORD_INVESTIGATION'>;
        return { snapshotId: e.snapshotId, evidence: e.evidence, count: (context.investigation?.count ?? 0) + 1 };
      },
      decision: null,
      proposal: null,
    }),
    keepDecision: assign({ decision: ({ event }) => (event as Of<'DECIDED'>).decision }),
    confirm: assign({
      proposal: ({ context, event }) => ({ tier: context.decision?.primaryTier ?? null, reason: (event as Of<'CONFIRM_DECISION'>).note }),
    }),
    override: assign({
      proposal: ({ context, event }) => {
        const e = event as Of<'OVERRIDE_DECISION'>;
        return { tier: e.tier, overriddenFrom: context.decision?.primaryTier ?? null, reason: e.reason };
      },
    }),
    keepObjection: assign({
      objections: ({ context, event }) => {
        const { type: _type, ...objection } = event as Of<'RECORD_OBJECTION'>;
        return [...context.objections, objection];
      },
    }),
    clearObjections: assign({ objections: [] }),
    enrol: assign({
      outcome: ({ context, event }) => {
        const e = event as Of<'APPROVE'>;
        return { enrolled: true as const, tier: context.proposal?.tier as EnrolmentTier, startOn: e.startOn, monthlyAmountFen: e.monthlyAmountFen };
      },
    }),
    rejectWith: assign({ outcome: ({ event }) => ({ enrolled: false as const, reason: (event as Of<'REJECT'>).reason }) }),
    rejectByProposal: assign({
      outcome: ({ context }) => ({ enrolled: false as const, reason: context.proposal?.reason ?? '' }),
    }),
  },
}).createMachine({
  id: 'application',
  initial: 'investigating',
  context: { investigation: null, decision: null, proposal: null, objections: [], outcome: null },
  states: {
    investigating: { on: { RECORD_INVESTIGATION: { target: 'assessing', actions: 'keepInvestigation' } } },
    assessing: { on: { DECIDED: { target: 'reviewing', actions: 'keepDecision' } } },
    reviewing: {
      on: {
        CONFIRM_DECISION: { target: 'proposed', actions: 'confirm' },
        OVERRIDE_DECISION: { target: 'proposed', actions: 'override' },
        RECORD_INVESTIGATION: { target: 'assessing', actions: 'keepInvestigation' },
      },
    },
    // Transient: a proposal with a tier goes to publicity, none is a rejection.
    proposed: {
      always: [{ guard: 'proposesTier', target: 'publicizing' }, { target: 'rejected', actions: 'rejectByProposal' }],
    },
    publicizing: {
      on: {
        RECORD_OBJECTION: { actions: 'keepObjection' },
        PUBLICITY_ENDED: [{ guard: 'hasObjections', target: 'objectionsReview' }, { target: 'approving' }],
      },
    },
    objectionsReview: {
      on: {
        RESOLVE_OBJECTIONS: [
          { guard: 'isUpheld', target: 'investigating', actions: 'clearObjections' },
          { target: 'approving' },
        ],
      },
    },
    approving: {
      on: {
        APPROVE: { target: 'enrolled', actions: 'enrol' },
        REJECT: { target: 'rejected', actions: 'rejectWith' },
      },
    },
    enrolled: { type: 'final' },
    rejected: { type: 'final' },
  },
});

export type ApplicationSnapshot = SnapshotFrom<typeof applicationMachine>;
export type ApplicationState = StateOf<typeof applicationMachine>;

/** An application: its states in Chinese and its human steps (`POST /applications/:id/actions/:action`). */
export const APPLICATION_KIND = defineSubjectKind({
  type: 'APPLICATION',
  noun: 'the application',
  machine: applicationMachine,
  stateLabels: {
    investigating: '家计调查中',
    assessing: '分类审核认定中',
    reviewing: '认定结果待复核',
    proposed: '拟定结果',
    publicizing: '公示中',
    objectionsReview: '公示异议核查',
    approving: '待审批',
    enrolled: '已纳入',
    rejected: '未通过',
  },
  actions: {
    'record-investigation': 'RECORD_INVESTIGATION',
    'confirm-decision': 'CONFIRM_DECISION',
    'override-decision': 'OVERRIDE_DECISION',
    'record-objection': 'RECORD_OBJECTION',
    'resolve-objections': 'RESOLVE_OBJECTIONS',
    approve: 'APPROVE',
    reject: 'REJECT',
  },
});

export type ApplicationAction = keyof typeof APPLICATION_KIND.actions;
