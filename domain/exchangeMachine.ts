import { assign, setup } from 'xstate';
import { defineSubjectKind, type StateOf } from './subjectKind';

/**
 * One county's monthly exchange: open while any duty is not done; each duty is
 * completed once, with a note of what was exchanged (seed 003 三(二)2).
 */
export interface ExchangeContext {
  dutyKeys: string[];
  done: { key: string; note: string }[];
}

export type ExchangeEvent = { type: 'COMPLETE_DUTY'; key: string; note: string };

export const exchangeMachine = setup({
  types: { context: {} as ExchangeContext, events: {} as ExchangeEvent, input: {} as { dutyKeys: string[] } },
  guards: {
    isOpenDuty: ({ context, event }) => context.dutyKeys.includes(event.key) && !context.done.some((d) => d.key === event.key),
    allDone: ({ context }) => context.done.length === context.dutyKeys.length,
  },
  actions: {
    complete: assign({ done: ({ context, event }) => [...context.done, { key: event.key, note: event.note }] }),
  },
}).createMachine({
  id: 'exchange',
  initial: 'open',
  context: ({ input }) => ({ dutyKeys: input.dutyKeys, done: [] }),
  states: {
    open: {
      always: { guard: 'allDone', target: 'closed' },
      on: { COMPLETE_DUTY: { guard: 'isOpenDuty', actions: 'complete' } },
    },
    closed: { type: 'final' },
  },
});

export type ExchangeState = StateOf<typeof exchangeMachine>;

/** A county's monthly exchange (`POST /exchanges/:id/actions/complete-duty`). */
export const EXCHANGE_KIND = defineSubjectKind({
  type: 'EXCHANGE',
  noun: 'the exchange',
  machine: exchangeMachine,
  stateLabels: { open: '交换中', closed: '本月已完成' },
  actions: { 'complete-duty': 'COMPLETE_DUTY' },
});

export type ExchangeAction = keyof typeof EXCHANGE_KIND.actions;
