import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import { APPLICATION_KIND } from '../../domain/applicationMachine';
import { CASE_KIND, caseMachine, type CaseEvent, type CaseSnapshot } from '../../domain/caseMachine';
import { EMERGENCY_KIND } from '../../domain/emergencyMachine';
import { ENROLMENT_KIND } from '../../domain/enrolmentMachine';
import { EXCHANGE_KIND } from '../../domain/exchangeMachine';

const KINDS = [CASE_KIND, APPLICATION_KIND, ENROLMENT_KIND, EMERGENCY_KIND, EXCHANGE_KIND];

describe('subject kinds', () => {
  it('label every state of their machine, and only those', () => {
    for (const kind of KINDS) expect(Object.keys(kind.stateLabels).sort()).toEqual(Object.keys(kind.machine.root.states).sort());
  });

  it('derive the final states from the machine', () => {
    expect(KINDS.map((k) => [k.type, [...k.finalStates].sort()])).toEqual([
      ['CASE', ['closed']],
      ['APPLICATION', ['enrolled', 'rejected']],
      ['ENROLMENT', ['ended']],
      ['EMERGENCY', ['closed', 'rejected']],
      ['EXCHANGE', ['closed']],
    ]);
    expect(CASE_KIND.isFinal('closed')).toBe(true);
    expect(CASE_KIND.isFinal('verifying')).toBe(false);
  });

  // Every human step of a case with a payload that some state accepts.
  const samples: Record<string, CaseEvent[]> = {
    verify: [{ type: 'VERIFY', visitedOn: '2026-03-02', findings: '入户核实' }],
    dispose: (['DELIVER_POLICY', 'COMPLEX', 'NO_CHANGE', 'NO_LONGER_QUALIFIES'] as const).map((outcome) =>
      ({ type: 'DISPOSE', outcome, reason: '核实', monitoringContinues: true }) as CaseEvent),
    deliberate: [{ type: 'DELIBERATE', outcome: 'DELIVER_POLICY', minutes: '纪要', reason: '研究' }],
    refer: [{ type: 'REFER', referTo: 'HOUSING', need: '危房改造' }],
    'record-assistance': [{ type: 'RECORD_ASSISTANCE', measure: 'TEMPORARY', description: '临时救助' }],
    'report-result': [1, 2, 3].map((n) => ({ type: 'REPORT_RESULT', itemId: `item-${n}`, result: 'DELIVERED', note: '已落实' }) as CaseEvent),
    feedback: [{ type: 'FEEDBACK', summary: '已反馈' }],
  };
  const allSamples = Object.values(samples).flat();

  it('allow exactly the case steps the machine accepts with some payload, in any reachable state', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...allSamples), { maxLength: 12 }), (events) => {
      let s: CaseSnapshot = transition(caseMachine, initialTransition(caseMachine)[0], { type: 'PUSH' })[0];
      for (const e of events) s = transition(caseMachine, s, e)[0];
      const accepted = Object.keys(samples).filter((action) => samples[action]!.some((e) => s.can(e)));
      expect([...CASE_KIND.allowedActions(s)].sort()).toEqual(accepted.sort());
    }));
  });
});
