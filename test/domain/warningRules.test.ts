import fc from 'fast-check';
import { FeedKind } from '../../domain/feeds/feedKinds';
import { pickRule, ruleMatches, WarningRules, type Indicator, type RowFacts, type WarningRule } from '../../domain/warningRules';
import { WARNING_RULES_POLICY } from '../../db/demoPolicy/warningRules';

/** Warning rules: every threshold includes the number itself (以上, Civil Code art. 1259), and nothing else matches. */
const member = { category: 'DIBIAN', enrolmentState: 'NONE' } as const;
const facts = (over: Partial<RowFacts> = {}): RowFacts => ({
  feedKind: 'MEDICAL_COSTS', memberships: [member], amountFen: null, attrs: null,
  personMedical12mFen: 0, householdMedical12mFen: 0, householdAnnualIncomeFen: null, ...over,
});
const rule = (indicator: Indicator, over: Partial<WarningRule> = {}): WarningRule => ({
  id: 'R1', label: 'r', indicator, target: { categories: ['DIBIAN'], enrolmentStates: ['NONE'] }, hardshipType: 'MEDICAL', priority: 2, ...over,
});
const fen = fc.integer({ min: 1, max: 1_000_000_000 });

describe('warning rules', () => {
  it('medical costs over 12 months: at the amount matches, one fen below does not (person and household)', () => {
    fc.assert(fc.property(fen, fc.constantFrom('PERSON', 'HOUSEHOLD'), (amountFen, of) => {
      const r = rule({ kind: 'MEDICAL_COSTS_12M_AT_LEAST', of, amountFen });
      const at = of === 'PERSON' ? { personMedical12mFen: amountFen } : { householdMedical12mFen: amountFen };
      const below = of === 'PERSON' ? { personMedical12mFen: amountFen - 1, householdMedical12mFen: amountFen * 2 } : { householdMedical12mFen: amountFen - 1, personMedical12mFen: amountFen * 2 };
      return ruleMatches(r, facts(at)) && !ruleMatches(r, facts(below));
    }));
  });

  it('medical costs as a share of household income: exactly at the share matches, a fen less does not; unknown income never', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 10_000_000 }), (permille, k) => {
      const income = 1000 * k; // costs at exactly permille ‰ of it are whole fen
      const costs = permille * k;
      const r = rule({ kind: 'MEDICAL_COSTS_12M_SHARE_OF_INCOME_AT_LEAST', permille });
      return ruleMatches(r, facts({ householdMedical12mFen: costs, householdAnnualIncomeFen: income }))
        && !ruleMatches(r, facts({ householdMedical12mFen: costs - 1, householdAnnualIncomeFen: income }))
        && !ruleMatches(r, facts({ householdMedical12mFen: costs, householdAnnualIncomeFen: null }));
    }));
    const r = rule({ kind: 'MEDICAL_COSTS_12M_SHARE_OF_INCOME_AT_LEAST', permille: 500 });
    expect(ruleMatches(r, facts({ householdMedical12mFen: 1, householdAnnualIncomeFen: 0 }))).toBe(true);
    expect(ruleMatches(r, facts({ householdMedical12mFen: 0, householdAnnualIncomeFen: 0 }))).toBe(false);
  });

  it('disaster loss: at the amount matches, below does not', () => {
    fc.assert(fc.property(fen, (amountFen) => {
      const r = rule({ kind: 'DISASTER_LOSS_AT_LEAST', amountFen }, { hardshipType: 'DISASTER' });
      const f = (a: number) => facts({ feedKind: 'DISASTER_LOSSES', amountFen: a });
      return ruleMatches(r, f(amountFen)) && ruleMatches(r, f(amountFen + 1)) && !ruleMatches(r, f(amountFen - 1));
    }));
  });

  it('disability grade: the grade itself and more severe match, milder does not', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (limit, grade) =>
      ruleMatches(rule({ kind: 'DISABILITY_GRADE_AT_MOST', grade: limit }), facts({ feedKind: 'DISABILITY', attrs: { grade } })) === grade <= limit));
  });

  it('house rating and household change: only the listed values', () => {
    fc.assert(fc.property(fc.subarray(['A', 'B', 'C', 'D'] as const, { minLength: 1 }), fc.constantFrom('A', 'B', 'C', 'D'), (ratings, rating) =>
      ruleMatches(rule({ kind: 'DANGEROUS_HOUSE_RATING', ratings }), facts({ feedKind: 'DANGEROUS_HOUSES', attrs: { rating } })) === ratings.includes(rating)));
    fc.assert(fc.property(fc.subarray(['MOVE_IN', 'MOVE_OUT', 'SPLIT', 'MERGE'] as const, { minLength: 1 }), fc.constantFrom('MOVE_IN', 'MOVE_OUT', 'SPLIT', 'MERGE'), (changeTypes, changeType) =>
      ruleMatches(rule({ kind: 'HOUSEHOLD_CHANGE', changeTypes }), facts({ feedKind: 'HOUSEHOLD_CHANGES', attrs: { changeType } })) === changeTypes.includes(changeType)));
  });

  it('a rule watches only its target population and reads only its own feed', () => {
    const categories = fc.constantFrom('TEKUN', 'DIBAO', 'DIBIAN', 'GANGZHI', 'FANGFAN', 'QITA');
    const states = fc.constantFrom('ACTIVE', 'GRADUAL_EXIT', 'MONITORED', 'NONE');
    fc.assert(fc.property(fc.uniqueArray(categories, { minLength: 1 }), fc.uniqueArray(states, { minLength: 1 }), categories, states, fc.constantFrom(...FeedKind.options),
      (targetCategories, targetStates, category, enrolmentState, feedKind) => {
        const r = rule({ kind: 'DEATH' }, { target: { categories: targetCategories, enrolmentStates: targetStates } });
        const expected = feedKind === 'DEATHS' && targetCategories.includes(category) && targetStates.includes(enrolmentState);
        return ruleMatches(r, facts({ feedKind, memberships: [{ category, enrolmentState }] })) === expected;
      }));
  });

  it('picks the most urgent matching rule, then the lowest id, whatever the order of the rules', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ priority: fc.integer({ min: 1, max: 9 }), threshold: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 0, max: 100 }),
      (specs, costs) => {
        const rules = specs.map((s, i) => rule({ kind: 'MEDICAL_COSTS_12M_AT_LEAST', of: 'PERSON', amountFen: s.threshold }, { id: `R${i}`, priority: s.priority }));
        const f = facts({ personMedical12mFen: costs });
        const picked = pickRule(rules, f);
        const reversed = pickRule([...rules].reverse(), f);
        const matching = rules.filter((r) => r.indicator.kind === 'MEDICAL_COSTS_12M_AT_LEAST' && costs >= r.indicator.amountFen);
        if (matching.length === 0) return picked === null && reversed === null;
        const best = Math.min(...matching.map((r) => r.priority));
        return picked?.id === reversed?.id && picked?.priority === best && matching.filter((r) => r.priority === best).every((r) => (picked?.id ?? '') <= r.id);
      }));
  });

  it('the demo rules are valid policy data; duplicate ids are refused', () => {
    const value = WARNING_RULES_POLICY[0]?.value;
    expect(WarningRules.safeParse(value).success).toBe(true);
    expect(WarningRules.safeParse([...(value as unknown[]), (value as unknown[])[0]]).success).toBe(false);
  });
});
