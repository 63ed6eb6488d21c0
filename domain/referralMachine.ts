import { assign, setup, type SnapshotFrom } from 'xstate';
import { z } from 'zod';
import type { CalendarDate } from './calendarDate';
import { countyOf } from './regionCode';
import { defineSubjectKind, type StateOf } from './subjectKind';
import type { TaskSpec } from './taskSpec';
import type { Actor, Department } from './vocabulary';

/**
 * A case's item referred to a department (转介/转办, seed 003 四、职责分工): the
 * department accepts it or declines it with a reason, then reports the
 * result, which the case's item takes over. It is due a local number of
 * working days after the referral, per department; when late, the county is
 * asked to press (督办). Timers belong to the workflow.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const AcceptReferralInput = z.object({ note: text(2000).optional().describe('who handles it, what happens next') });
export const DeclineReferralInput = z.object({ reason: text(2000).describe('why this department does not handle it (退回理由)') });
export const ReportReferralResultInput = z.object({
  result: z.enum(['DELIVERED', 'NOT_ELIGIBLE']).describe('DELIVERED: the assistance is given (已落实); NOT_ELIGIBLE: reviewed, not eligible'),
  note: text(2000),
  amountFen: z.number().int().nonnegative().optional().describe('amount in fen (分), integer'),
});
export type AcceptReferralInput = z.infer<typeof AcceptReferralInput>;
export type DeclineReferralInput = z.infer<typeof DeclineReferralInput>;
export type ReportReferralResultInput = z.infer<typeof ReportReferralResultInput>;

export interface ReferralContext {
  accepted: (AcceptReferralInput & { by: Actor }) | null;
  declined: (DeclineReferralInput & { by: Actor }) | null;
  result: (ReportReferralResultInput & { by: Actor }) | null;
}

export type ReferralEvent =
  | ({ type: 'ACCEPT'; by: Actor } & AcceptReferralInput)
  | ({ type: 'DECLINE'; by: Actor } & DeclineReferralInput)
  | ({ type: 'REPORT_RESULT'; by: Actor } & ReportReferralResultInput);

const payload = <T extends ReferralEvent>(event: ReferralEvent) => {
  const { type: _type, ...rest } = event as T;
  return rest;
};

export const referralMachine = setup({
  types: { context: {} as ReferralContext, events: {} as ReferralEvent },
  actions: {
    keepAcceptance: assign({ accepted: ({ event }) => payload(event) as ReferralContext['accepted'] }),
    keepDecline: assign({ declined: ({ event }) => payload(event) as ReferralContext['declined'] }),
    keepResult: assign({ result: ({ event }) => payload(event) as ReferralContext['result'] }),
  },
}).createMachine({
  id: 'referral',
  initial: 'referred',
  context: { accepted: null, declined: null, result: null },
  states: {
    referred: {
      on: {
        ACCEPT: { target: 'accepted', actions: 'keepAcceptance' },
        DECLINE: { target: 'declined', actions: 'keepDecline' },
        REPORT_RESULT: { target: 'reported', actions: 'keepResult' },
      },
    },
    accepted: { on: { REPORT_RESULT: { target: 'reported', actions: 'keepResult' } } },
    declined: { type: 'final' },
    reported: { type: 'final' },
  },
});

export type ReferralSnapshot = SnapshotFrom<typeof referralMachine>;
export type ReferralState = StateOf<typeof referralMachine>;

/** A department referral: its states in Chinese and the department's steps (`POST /referrals/:id/actions/:action`). */
export const REFERRAL_KIND = defineSubjectKind({
  type: 'REFERRAL',
  noun: 'the referral',
  machine: referralMachine,
  stateLabels: { referred: '已转介待部门受理', accepted: '部门办理中', declined: '部门已退回', reported: '部门已反馈结果' },
  actions: { accept: 'ACCEPT', decline: 'DECLINE', 'report-result': 'REPORT_RESULT' },
});

export type ReferralAction = keyof typeof REFERRAL_KIND.actions;

/** The department's open step, due on dueOn (overdue in its inbox once past); once late, the county presses (督办). */
export function referralTasksFor(p: { state: ReferralState; department: Department; townshipCode: string; need: string; dueOn: CalendarDate | null; overdue: boolean }): TaskSpec[] {
  if (p.state !== 'referred' && p.state !== 'accepted') return [];
  const county = countyOf(p.townshipCode);
  const step: TaskSpec = {
    key: 'DEPARTMENT_HANDLING',
    kind: p.state === 'referred' ? 'REFERRAL_ACCEPT' : 'REFERRAL_RESULT',
    regionCode: county,
    department: p.department,
    title: `${p.state === 'referred' ? '受理转介' : '反馈转介办理结果'}：${p.need}`,
    dueOn: p.dueOn,
  };
  if (!p.overdue) return [step];
  return [step, { key: 'REFERRAL_ESCALATION', kind: 'REFERRAL_ESCALATION', regionCode: county, department: null, title: `督办：部门转介已逾期（${p.need}）`, dueOn: null }];
}
