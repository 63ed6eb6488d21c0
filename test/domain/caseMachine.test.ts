import { initialTransition, transition } from 'xstate';
import { CASE_KIND, caseMachine, type CaseEvent, type CaseSnapshot, type CaseState } from '../../domain/caseMachine';

const allowedActions = (s: CaseSnapshot) => CASE_KIND.allowedActions(s);
const stateOf = (s: CaseSnapshot) => s.value as CaseState;

const verify: CaseEvent = { type: 'VERIFY', visitedOn: '2026-03-02', findings: '入户核实' };
const dispose = (outcome: string, extra: object = {}) => ({ type: 'DISPOSE', outcome, reason: '核实情况', ...extra }) as CaseEvent;
const deliberate = (outcome: string, extra: object = {}) => ({ type: 'DELIBERATE', outcome, minutes: '会议纪要', reason: '集体研究', ...extra }) as CaseEvent;
const refer: CaseEvent = { type: 'REFER', referTo: 'HOUSING', need: '危房改造' };
const assist: CaseEvent = { type: 'RECORD_ASSISTANCE', measure: 'TEMPORARY', description: '临时救助', amountFen: 50000 };
const report = (itemId: string): CaseEvent => ({ type: 'REPORT_RESULT', itemId, result: 'DELIVERED', note: '已落实' });
const feedback: CaseEvent = { type: 'FEEDBACK', summary: '已反馈市民政局' };

function run(...events: CaseEvent[]): CaseSnapshot {
  let [snapshot] = initialTransition(caseMachine);
  for (const event of events) {
    expect(snapshot.can(event)).toBe(true);
    [snapshot] = transition(caseMachine, snapshot, event);
  }
  return snapshot;
}

const verified = [{ type: 'PUSH' }, verify] as CaseEvent[];

describe('case machine: legal transitions', () => {
  it.each<[string, CaseEvent[], CaseState]>([
    ['a warning is pushed to the township', [{ type: 'PUSH' }], 'verifying'],
    ['on-site verification', verified, 'verified'],
    ['DELIVER_POLICY → assisting', [...verified, dispose('DELIVER_POLICY')], 'assisting'],
    ['MAY_QUALIFY → assisting with a referral', [...verified, dispose('MAY_QUALIFY', { referTo: 'MEDICAL_INSURANCE' })], 'assisting'],
    ['MAY_QUALIFY to an application', [...verified, dispose('MAY_QUALIFY', { referTo: 'APPLICATION' })], 'assisting'],
    ['NO_LONGER_QUALIFIES → feedback', [...verified, dispose('NO_LONGER_QUALIFIES', { monitoringContinues: true })], 'feedback'],
    ['COMPLEX → deliberating', [...verified, dispose('COMPLEX')], 'deliberating'],
    ['NO_CHANGE → closed', [...verified, dispose('NO_CHANGE')], 'closed'],
    ['deliberation → DELIVER_POLICY', [...verified, dispose('COMPLEX'), deliberate('DELIVER_POLICY')], 'assisting'],
    ['deliberation → MAY_QUALIFY', [...verified, dispose('COMPLEX'), deliberate('MAY_QUALIFY', { referTo: 'HOUSING' })], 'assisting'],
    ['deliberation → NO_LONGER_QUALIFIES', [...verified, dispose('COMPLEX'), deliberate('NO_LONGER_QUALIFIES', { monitoringContinues: false })], 'feedback'],
    ['deliberation → NO_CHANGE', [...verified, dispose('COMPLEX'), deliberate('NO_CHANGE')], 'closed'],
    ['assisting keeps open items', [...verified, dispose('DELIVER_POLICY'), assist, refer], 'assisting'],
    ['the last result moves to feedback', [...verified, dispose('DELIVER_POLICY'), assist, refer, report('item-1'), report('item-2')], 'feedback'],
    ['feedback closes', [...verified, dispose('MAY_QUALIFY', { referTo: 'EDUCATION' }), report('item-1'), feedback], 'closed'],
  ])('%s', (_name, events, expected) => {
    expect(stateOf(run(...events))).toBe(expected);
  });

  it('records the disposal, the deliberation and each item with its result', () => {
    const s = run(...verified, dispose('COMPLEX'), deliberate('MAY_QUALIFY', { referTo: 'HOUSING', need: '住房救助' }), assist, report('item-1'));
    expect(s.context.disposal).toMatchObject({ outcome: 'COMPLEX', deliberation: { outcome: 'MAY_QUALIFY', minutes: '会议纪要' } });
    expect(s.context.items).toEqual([
      { id: 'item-1', kind: 'REFERRAL', referTo: 'HOUSING', description: '住房救助', result: { result: 'DELIVERED', note: '已落实' } },
      { id: 'item-2', kind: 'ASSISTANCE', measure: 'TEMPORARY', description: '临时救助', amountFen: 50000 },
    ]);
  });

  it('records whether monitoring continues after termination (seed 001 item 13)', () => {
    expect(run(...verified, dispose('NO_LONGER_QUALIFIES', { monitoringContinues: true })).context.disposal?.monitoringContinues).toBe(true);
  });

  it('lists the allowed actions of each state', () => {
    expect(allowedActions(run({ type: 'PUSH' }))).toEqual(['verify']);
    expect(allowedActions(run(...verified))).toEqual(['dispose']);
    expect(allowedActions(run(...verified, dispose('COMPLEX')))).toEqual(['deliberate']);
    expect(allowedActions(run(...verified, dispose('DELIVER_POLICY')))).toEqual(['refer', 'record-assistance']);
    expect(allowedActions(run(...verified, dispose('DELIVER_POLICY'), assist))).toEqual(['refer', 'record-assistance', 'report-result']);
    expect(allowedActions(run(...verified, dispose('NO_CHANGE')))).toEqual([]);
  });
});

describe('case machine: illegal transitions', () => {
  it.each<[string, CaseEvent[], CaseEvent]>([
    ['dispose before verification', [{ type: 'PUSH' }], dispose('NO_CHANGE')],
    ['verify twice', verified, verify],
    ['verify before the warning is pushed', [], verify],
    ['deliberate without a COMPLEX disposal', verified, deliberate('NO_CHANGE')],
    ['deliberation cannot answer COMPLEX again', [...verified, dispose('COMPLEX')], deliberate('COMPLEX')],
    ['dispose twice', [...verified, dispose('DELIVER_POLICY')], dispose('NO_CHANGE')],
    ['refer before disposal', verified, refer],
    ['report a result for an unknown item', [...verified, dispose('DELIVER_POLICY'), assist], report('item-9')],
    ['report the same item twice', [...verified, dispose('DELIVER_POLICY'), assist, refer, report('item-1')], report('item-1')],
    ['feedback while items are open', [...verified, dispose('DELIVER_POLICY'), assist], feedback],
    ['feedback before disposal', verified, feedback],
    ['anything after closing', [...verified, dispose('NO_CHANGE')], verify],
    ['record assistance after closing', [...verified, dispose('NO_CHANGE')], assist],
  ])('%s', (_name, events, illegal) => {
    const before = run(...events);
    expect(before.can(illegal)).toBe(false);
    const [after] = transition(caseMachine, before, illegal);
    expect(stateOf(after)).toBe(stateOf(before));
    expect(after.context).toEqual(before.context);
  });
});
