import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import {
  EMERGENCY_KIND,
  emergencyMachine,
  isWithinFirstAidLimit,
  type EmergencyEvent,
  type EmergencySnapshot,
  type EmergencyState,
} from '../../domain/emergencyMachine';

const allowedEmergencyActions = (s: EmergencySnapshot) => EMERGENCY_KIND.allowedActions(s);
const emergencyStateOf = (s: EmergencySnapshot) => s.value as EmergencyState;

const clerk = { userId: 'clerk-zhou', regionCode: '430681104' };
const supervisor = { userId: 'sup-he', regionCode: '430681' };
const LIMIT = 100_000; // seed 004: 1000 yuan

const assess = (amountRequestedFen: number, priorFirstAidFen = 0): EmergencyEvent => ({
  type: 'ASSESS', amountRequestedFen, limitFen: LIMIT, priorFirstAidFen,
  priorFirstAidEmergencyIds: priorFirstAidFen ? ['emergency-earlier'] : [], windowDays: 30, windowStartOn: '2026-03-01',
});
const paid = (basis: 'FIRST_AID' | 'APPROVED', amountFen: number): EmergencyEvent => ({
  type: 'PAID', payment: { amountFen, basis, paidAt: '2026-03-30T02:00:00.000Z', paidBy: clerk },
});
const review: EmergencyEvent = { type: 'REVIEW', by: clerk, findings: '入户核实：火灾致房屋损毁', recommendedAmountFen: 200_000 };
const approve: EmergencyEvent = { type: 'APPROVE', by: supervisor, approvedAmountFen: 180_000, opinion: '同意' };
const reject: EmergencyEvent = { type: 'REJECT', by: supervisor, reason: '已由保险理赔' };
const document: EmergencyEvent = { type: 'DOCUMENT', by: clerk, circumstances: '突发疾病，已先行救助800元' };

function run(...events: EmergencyEvent[]): EmergencySnapshot {
  let [snapshot] = initialTransition(emergencyMachine);
  for (const event of events) {
    expect(snapshot.can(event)).toBe(true);
    [snapshot] = transition(emergencyMachine, snapshot, event);
  }
  return snapshot;
}

describe('emergency machine: first aid or approval (seed 004)', () => {
  it.each<[string, EmergencyEvent[], EmergencyState]>([
    ['within the limit: paying first', [assess(80_000)], 'paying'],
    ['first aid paid: documentation owed', [assess(80_000), paid('FIRST_AID', 80_000)], 'documenting'],
    ['documented: closed', [assess(80_000), paid('FIRST_AID', 80_000), document], 'closed'],
    ['above the limit: township review', [assess(150_000)], 'reviewing'],
    ['reviewed: county approval', [assess(150_000), review], 'approving'],
    ['approved: paying', [assess(150_000), review, approve], 'paying'],
    ['approved and paid: closed, no documentation step', [assess(150_000), review, approve, paid('APPROVED', 180_000)], 'closed'],
    ['rejected', [assess(150_000), review, reject], 'rejected'],
    ['a split caught when paying: review', [assess(80_000), { ...assess(80_000), type: 'SPLIT_CAUGHT' } as EmergencyEvent], 'reviewing'],
  ])('%s', (_name, events, expected) => {
    expect(emergencyStateOf(run(...events))).toBe(expected);
  });

  it('pays first exactly at the limit ("以下" includes it) and sends one fen more to approval', () => {
    expect(run(assess(LIMIT)).context.assessment).toMatchObject({ route: 'FIRST_AID', reason: 'WITHIN_LIMIT' });
    expect(run(assess(LIMIT + 1)).context.assessment).toMatchObject({ route: 'APPROVAL', reason: 'ABOVE_LIMIT' });
  });

  it('routes a request to approval when the person\'s first aid in the window would pass the limit with it', () => {
    const s = run(assess(50_000, 60_000));
    expect(emergencyStateOf(s)).toBe('reviewing');
    expect(s.context.assessment).toMatchObject({ reason: 'SPLIT', priorFirstAidFen: 60_000, amountRequestedFen: 50_000, limitFen: LIMIT });
    expect(emergencyStateOf(run(assess(40_000, 60_000)))).toBe('paying');
  });

  it('decides first aid exactly when this amount plus the window\'s first aid is within the limit', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300_000 }), fc.integer({ min: 0, max: 300_000 }), (amount, prior) => {
      const route = run(assess(amount, prior)).context.assessment?.route;
      expect(route === 'FIRST_AID').toBe(isWithinFirstAidLimit(amount, prior, LIMIT));
      expect(route === 'FIRST_AID').toBe(amount + prior <= LIMIT);
    }));
  });

  it('records who reviewed, who decided and who documented', () => {
    const approved = run(assess(150_000), review, approve, paid('APPROVED', 180_000));
    expect(approved.context.review).toMatchObject({ by: clerk, recommendedAmountFen: 200_000 });
    expect(approved.context.decision).toEqual({ outcome: 'APPROVED', approvedAmountFen: 180_000, opinion: '同意', by: supervisor });
    expect(approved.context.payment).toMatchObject({ basis: 'APPROVED', amountFen: 180_000 });
    expect(run(assess(1), paid('FIRST_AID', 1), document).context.documentation).toEqual({ circumstances: '突发疾病，已先行救助800元', by: clerk });
  });

  it('lists the allowed actions of each state, and refuses every other step', () => {
    expect(allowedEmergencyActions(run(assess(80_000)))).toEqual([]);
    expect(allowedEmergencyActions(run(assess(80_000), paid('FIRST_AID', 80_000)))).toEqual(['document']);
    expect(allowedEmergencyActions(run(assess(150_000)))).toEqual(['review']);
    expect(allowedEmergencyActions(run(assess(150_000), review))).toEqual(['approve', 'reject']);
    expect(allowedEmergencyActions(run(assess(150_000), review, reject))).toEqual([]);
    // No payment before approval, and no second payment or documentation of an approved one.
    expect(run(assess(150_000)).can(paid('APPROVED', 150_000))).toBe(false);
    expect(run(assess(150_000), review).can(paid('APPROVED', 150_000))).toBe(false);
    expect(run(assess(150_000), review, approve, paid('APPROVED', 180_000)).can(document)).toBe(false);
    expect(run(assess(80_000), paid('FIRST_AID', 80_000)).can(approve)).toBe(false);
    // An approved payment is never held back as a split.
    expect(run(assess(150_000), review, approve).can({ ...assess(1), type: 'SPLIT_CAUGHT' } as EmergencyEvent)).toBe(false);
  });
});
