import fc from 'fast-check';
import { ELIGIBILITY_POLICY } from '../../db/demoPolicy/eligibility';
import { addDays } from '../../domain/calendarDate';
import {
  assessEligibility,
  TIERS,
  type Comparison,
  type EligibilityDecision,
  type RuleExplanation,
  type Tier,
} from '../../domain/eligibility';
import { ELIGIBILITY_KEYS, EligibilityPolicyValues, type EligibilityKey, type EligibilityPolicy } from '../../domain/eligibilityPolicy';
import { Household, supportersInHousehold, type HouseholdMember } from '../../domain/household';
import { memberDefaults } from '../support/households';
import { idNumber } from '../support/ids';
import { POLICY_KEYS } from '../../domain/policyKeys';

/**
 * The demo policy (db/demoPolicy/eligibility.ts) is the fixture: 低保标准 650.00元
 * a month, factor 1.5 (975.00元), 上年度人均可支配收入 30000.00元, share 60%,
 * 低保 assets ≤ 15600.00元 per person, one essential vehicle, no extra house;
 * 低边 assets ≤ 31200.00元 per person, one essential vehicle, one extra house;
 * 特困 minors under 18, elderly from 60; both deductions on; QITA windows 12/24.
 */
const ON = '2026-06-15';

const DEMO = EligibilityPolicyValues.parse(Object.fromEntries(ELIGIBILITY_POLICY.map((row) => [row.key, row.value])));

function policy(overrides: Partial<EligibilityPolicyValues> = {}): EligibilityPolicy {
  const versions = Object.fromEntries(ELIGIBILITY_KEYS.map((k) => [k, `${k}@430681/2026-01-01#test`])) as Record<EligibilityKey, string>;
  return { values: { ...DEMO, ...overrides }, versions };
}
const DEMO_POLICY = policy();
const JIANGXI_LIKE = policy({ 'tekun.minorUnderAge': 16 });

const idNumberFor = (birthDate: string, sequence: number) => idNumber(birthDate, sequence);

type MemberSpec = Partial<Omit<HouseholdMember, 'idNumber'>> & { born?: string };

function person(spec: MemberSpec, index: number): HouseholdMember {
  const { born = '1986-03-10', ...rest } = spec;
  return {
    idNumber: idNumberFor(born, index + 1),
    relation: index === 0 ? 'APPLICANT' : 'OTHER',
    ...memberDefaults(),
    ...rest,
  };
}

type HouseholdSpec = Partial<Omit<Household, 'members' | 'assets'>> & { members?: MemberSpec[]; assets?: Partial<Household['assets']> };

/** A valid household (parsed by the API schema), one working-age adult unless told otherwise. */
function household(spec: HouseholdSpec = {}): Household {
  const { members = [{}], assets, ...rest } = spec;
  return Household.parse({
    members: members.map(person),
    incomes: [],
    rigidExpenses: [],
    employmentCostsFen: 0,
    ...rest,
    assets: { financialAssetsFen: 0, vehicleCount: 0, anyNonEssentialVehicle: false, extraHousingUnits: 0, ...assets },
  });
}

const monthly = (amountFen: number, memberIndex?: number) => ({ kind: 'WAGES' as const, amountFen, period: 'MONTHLY' as const, memberIndex });
const annual = (amountFen: number, memberIndex?: number) => ({ kind: 'WAGES' as const, amountFen, period: 'ANNUAL' as const, memberIndex });

const assess = (h: Household, p = DEMO_POLICY, on = ON) => assessEligibility(h, p, on);
const primary = (h: Household, p = DEMO_POLICY, on = ON) => assess(h, p, on).primaryTier;
const rule = (d: EligibilityDecision, code: RuleExplanation['code'], memberIndex?: number) => {
  const found = d.rules.find((r) => r.code === code && r.memberIndex === memberIndex);
  if (!found) throw new Error(`no rule ${code}`);
  return found;
};

describe('demo policy rows', () => {
  it('give every key the engine needs exactly once for 汨罗市, each valid for its key and labelled a demo value', () => {
    expect(ELIGIBILITY_POLICY.map((r) => r.key).sort()).toEqual([...ELIGIBILITY_KEYS].sort());
    for (const row of ELIGIBILITY_POLICY) {
      expect(POLICY_KEYS[row.key].safeParse(row.value).success).toBe(true);
      expect(row).toMatchObject({ regionPrefix: '430681', effectiveFrom: '2026-01-01' });
      expect(row.note).toMatch(/demo value/);
      expect(row.source).toMatch(/^(demo|00\d_[0-9a-f]{16}\.txt)/);
    }
  });
});

describe('低保 and 低保边缘: income against the standard (strictly below)', () => {
  it.each<[string, HouseholdSpec, Tier | null]>([
    ['one fen below 低保标准', { incomes: [monthly(64_999)] }, 'DIBAO'],
    ['exactly at 低保标准 is not below it', { incomes: [monthly(65_000)] }, 'DIBIAN'],
    ['three people one fen below 3 × 低保标准', { members: [{}, {}, {}], incomes: [monthly(100_000, 0), monthly(94_999, 1)] }, 'DIBAO'],
    ['three people at exactly 3 × 低保标准', { members: [{}, {}, {}], incomes: [monthly(100_000, 0), monthly(95_000, 1)] }, 'DIBIAN'],
    ['one fen below 1.5 × 低保标准', { incomes: [monthly(97_499)] }, 'DIBIAN'],
    ['exactly 1.5 × 低保标准 is not below it', { incomes: [monthly(97_500)] }, null],
    ['annual income 779999 fen: 64999.92 a month, below', { incomes: [annual(779_999)] }, 'DIBAO'],
    ['annual income 780000 fen: exactly 65000 a month', { incomes: [annual(780_000)] }, 'DIBIAN'],
    ['monthly 600.00 + annual 599.99: one fen a year below', { incomes: [monthly(60_000), annual(59_999)] }, 'DIBAO'],
    ['monthly 600.00 + annual 600.00: exactly at the standard', { incomes: [monthly(60_000), annual(60_000)] }, 'DIBIAN'],
  ])('%s → %s', (_, spec, tier) => {
    expect(primary(household(spec))).toBe(tier);
  });

  it('compares a fractional threshold exactly: 650.01 × 1.333 = 866.46333 a month', () => {
    const p = policy({ 'dibao.monthlyStandardFen': 65_001, 'dibian.factorPermille': 1333 });
    expect(primary(household({ incomes: [monthly(86_646)] }), p)).toBe('DIBIAN');
    expect(primary(household({ incomes: [monthly(86_647)] }), p)).toBeNull();
    // 12 × 86646.333 = 1039755.996 fen a year
    expect(primary(household({ incomes: [annual(1_039_755)] }), p)).toBe('DIBIAN');
    expect(primary(household({ incomes: [annual(1_039_756)] }), p)).toBeNull();
  });
});

describe('asset rules (a limit is included: 以下)', () => {
  const poor = { incomes: [monthly(50_000)] };
  it.each<[string, HouseholdSpec, Tier | null]>([
    ['money at the 低保 limit', { ...poor, assets: { financialAssetsFen: 1_560_000 } }, 'DIBAO'],
    ['money one fen over the 低保 limit, within 低边', { ...poor, assets: { financialAssetsFen: 1_560_001 } }, 'DIBIAN'],
    ['two people: money at 2 × the 低保 limit', { ...poor, members: [{}, {}], assets: { financialAssetsFen: 3_120_000 } }, 'DIBAO'],
    ['money at the 低边 limit', { ...poor, assets: { financialAssetsFen: 3_120_000 } }, 'DIBIAN'],
    ['money over the 低边 limit (also 刚支)', { ...poor, assets: { financialAssetsFen: 3_120_001 } }, null],
    ['one essential vehicle', { ...poor, assets: { vehicleCount: 1 } }, 'DIBAO'],
    ['two vehicles', { ...poor, assets: { vehicleCount: 2 } }, null],
    ['a non-essential vehicle', { ...poor, assets: { vehicleCount: 1, anyNonEssentialVehicle: true } }, null],
    ['one house beyond the home: not 低保, within 低边', { ...poor, assets: { extraHousingUnits: 1 } }, 'DIBIAN'],
    ['two houses beyond the home', { ...poor, assets: { extraHousingUnits: 2 } }, null],
  ])('%s → %s', (_, spec, tier) => {
    expect(primary(household(spec))).toBe(tier);
  });

  it('lets a region allow non-essential vehicles for 低边', () => {
    const p = policy({ 'dibian.assetLimits': { ...DEMO['dibian.assetLimits'], nonEssentialVehicleAllowed: true } });
    expect(primary(household({ ...poor, assets: { vehicleCount: 1, anyNonEssentialVehicle: true } }), p)).toBe('DIBIAN');
  });
});

describe('刚性支出困难家庭', () => {
  // 2450.00 a month = 29400.00 a year: above 1.5 × 低保标准, below 30000.00.
  const earner = (rigid: number, kind: 'EDUCATION' | 'MEDICAL' = 'EDUCATION', extra: HouseholdSpec = {}) =>
    household({ incomes: [monthly(245_000)], rigidExpenses: [{ kind, amountFen: rigid, memberIndex: 0 }], ...extra });

  it('needs rigid expenses strictly above 60% of household income', () => {
    expect(primary(earner(1_764_000))).toBeNull(); // exactly 60%, and 11760.00 left: not below 11700.00 a year
    expect(primary(earner(1_764_001))).toBe('GANGZHI');
    expect(rule(assess(earner(1_764_001)), 'GANGZHI_RIGID_EXPENSE_SHARE').passed).toBe(true);
    expect(rule(assess(earner(1_764_001)), 'GANGZHI_INCOME_AFTER_RIGID_BELOW_FACTOR').passed).toBe(false);
  });

  it('or income after all rigid expenses below 1.5 × 低保标准', () => {
    const h = (rigid: number) => household({ incomes: [annual(2_000_000)], rigidExpenses: [{ kind: 'EDUCATION', amountFen: rigid, memberIndex: 0 }] });
    expect(primary(h(830_000))).toBeNull(); // 11700.00 left = 975.00 × 12: not below; 41.5% share
    expect(primary(h(830_001))).toBe('GANGZHI');
  });

  it('needs annual per-capita income below last year’s disposable income', () => {
    const h = (income: number) => household({ incomes: [annual(income)], rigidExpenses: [{ kind: 'EDUCATION', amountFen: 2_500_000, memberIndex: 0 }] });
    expect(primary(h(3_000_000))).toBeNull();
    expect(primary(h(2_999_999))).toBe('GANGZHI');
  });

  it('needs the 低边 asset rules', () => {
    expect(primary(earner(2_000_000, 'EDUCATION', { assets: { financialAssetsFen: 3_120_000 } }))).toBe('GANGZHI');
    expect(primary(earner(2_000_000, 'EDUCATION', { assets: { financialAssetsFen: 3_120_001 } }))).toBeNull();
  });
});

describe('特困人员 (a person)', () => {
  const alone = (spec: MemberSpec, extra: HouseholdSpec = {}) => household({ members: [{ labourCapacity: 'NONE', ...spec }], ...extra });
  const orphanAged = (age: number) => alone({ born: `${2026 - age}-06-15` });

  it.each<[string, EligibilityPolicy, Household, boolean]>([
    ['Jiangxi-like: 15 on the assessment day is under 16', JIANGXI_LIKE, orphanAged(15), true],
    ['Jiangxi-like: 16 on the birthday is not under 16', JIANGXI_LIKE, orphanAged(16), false],
    ['Jiangxi-like: one day before the 16th birthday', JIANGXI_LIKE, alone({ born: '2010-06-16' }), true],
    ['demo (under 18): 16 is a minor', DEMO_POLICY, orphanAged(16), true],
    ['demo (under 18): 18 on the birthday is not', DEMO_POLICY, orphanAged(18), false],
    ['60 on the birthday is elderly (年满60周岁)', DEMO_POLICY, alone({ born: '1966-06-15' }), true],
    ['one day before the 60th birthday', DEMO_POLICY, alone({ born: '1966-06-16' }), false],
    ['a working-age adult with a disability certificate (any grade)', DEMO_POLICY, alone({ disabilityGrade: 4 }), true],
    ['a working-age adult without one', DEMO_POLICY, alone({}), false],
    ['partial labour capacity is some capacity', DEMO_POLICY, alone({ born: '1950-01-01', labourCapacity: 'PARTIAL' }), false],
    ['a supporter able to support', DEMO_POLICY, alone({ born: '1950-01-01', legalSupporters: [{ duty: 'ELDER_SUPPORT', ableToSupport: true }] }), false],
    [
      'supporters unable to support',
      DEMO_POLICY,
      alone({ born: '1950-01-01', legalSupporters: [{ duty: 'ELDER_SUPPORT', ableToSupport: false }, { duty: 'SPOUSAL_SUPPORT', ableToSupport: false }] }),
      true,
    ],
    ['one fen of own income is an income source', DEMO_POLICY, alone({ born: '1950-01-01' }, { incomes: [monthly(1, 0)] }), false],
    ['household income without a member is not proof of no income source', DEMO_POLICY, alone({ born: '1950-01-01' }, { incomes: [annual(100)] }), false],
    [
      'a resident basic pension left out of income is no income source',
      DEMO_POLICY,
      alone({ born: '1950-01-01' }, { incomes: [{ kind: 'RESIDENT_BASIC_PENSION', amountFen: 15_000, period: 'MONTHLY', memberIndex: 0 }] }),
      true,
    ],
    [
      '… unless the region counts it',
      policy({ 'income.excludesResidentBasicPension': false }),
      alone({ born: '1950-01-01' }, { incomes: [{ kind: 'RESIDENT_BASIC_PENSION', amountFen: 15_000, period: 'MONTHLY', memberIndex: 0 }] }),
      false,
    ],
  ])('%s → TEKUN person %s', (_, p, h, isTekun) => {
    const d = assess(h, p);
    expect(d.tekunPersons.map((t) => t.memberIndex)).toEqual(isTekun ? [0] : []);
    expect(d.primaryTier === 'TEKUN').toBe(isTekun);
  });

  it('makes a household TEKUN only when every member is a TEKUN person, and then excludes 低保', () => {
    const couple = household({
      members: [
        { born: '1950-01-01', labourCapacity: 'NONE' },
        { born: '1952-01-01', labourCapacity: 'NONE', relation: 'SPOUSE', legalSupporters: [{ duty: 'SPOUSAL_SUPPORT', ableToSupport: false }] },
      ],
    });
    const d = assess(couple);
    expect(d.primaryTier).toBe('TEKUN');
    expect(d.tekunPersons).toEqual([
      { memberIndex: 0, maskedIdNumber: expect.stringMatching(/^4306\*+\w{4}$/), categories: ['ELDERLY'] },
      { memberIndex: 1, maskedIdNumber: expect.stringMatching(/^4306\*+\w{4}$/), categories: ['ELDERLY'] },
    ]);
    expect(d.tiers.DIBAO).toEqual({ tier: 'DIBAO', criteriaMet: true, excludedBy: 'TEKUN', applies: false });
  });

  it('reports a TEKUN person alongside when the rest of the household is assessed as 低保', () => {
    // The applicant (her son) has partial labour capacity and no income: unable to support her; a lodger earns.
    const h = household({
      members: [
        { labourCapacity: 'PARTIAL' },
        { born: '1948-02-01', labourCapacity: 'NONE', relation: 'PARENT', legalSupporters: [{ duty: 'ELDER_SUPPORT', ableToSupport: false }] },
        { relation: 'OTHER' },
      ],
      incomes: [monthly(100_000, 2)],
    });
    const d = assess(h);
    expect(d.primaryTier).toBe('DIBAO');
    expect(d.tekunPersons.map((t) => t.memberIndex)).toEqual([1]);
    expect(d.tiers.TEKUN).toMatchObject({ criteriaMet: false, applies: false });
    expect(d.summary).toBe('认定类别：低保家庭（DIBAO）；另有1人符合特困人员条件。');
  });
});

describe('特困: legal supporters inside the household (Civil Code arts. 26, 1059, 1067; seeds 000, 001 item 2)', () => {
  const child = { born: '2018-03-01', labourCapacity: 'NONE' as const, relation: 'CHILD' as const, student: true };
  const parents = [{ born: '1988-01-01' }, { born: '1989-01-01', relation: 'SPOUSE' as const }];

  it('never reports a child living with two earning parents as 特困, income recorded against the parents', () => {
    const d = assess(household({ members: [...parents, child], incomes: [monthly(300_000, 0), monthly(250_000, 1)] }));
    expect(d.tekunPersons).toEqual([]);
    const supporters = rule(d, 'TEKUN_NO_ABLE_SUPPORTER', 2);
    expect(supporters.passed).toBe(false);
    expect(supporters.compared).toEqual({ kind: 'PRODUCT', left: [{ name: 'ableSupporters', value: 2 }], operator: '<=', right: [{ name: 'zero', value: 0 }] });
    expect(supporters.sentence).toMatch(/^成员3（4306\*+\w{4}）有法定义务人2人（同户：成员1（抚养，有能力）、成员2（抚养，有能力）；另申报0人），其中有赡养、抚养、扶养能力的2人$/);
  });

  it('counts a parent with full labour capacity and no income as able, one without capacity or income as not', () => {
    const unable = { labourCapacity: 'NONE' as const, disabilityGrade: 1 };
    expect(assess(household({ members: [parents[0] ?? {}, child] })).tekunPersons).toEqual([]);
    const orphanedInPractice = assess(household({ members: [{ ...parents[0], ...unable }, { ...parents[1], ...unable }, child] }));
    expect(orphanedInPractice.tekunPersons.map((t) => t.memberIndex)).toEqual([0, 1, 2]);
    expect(orphanedInPractice.primaryTier).toBe('TEKUN');
  });

  it('derives the spouse and the adult children of an elderly parent; a minor grandchild owes nothing', () => {
    const elder = { born: '1950-01-01', labourCapacity: 'NONE' as const };
    const withWorkingSpouse = assess(household({ members: [elder, { relation: 'SPOUSE', born: '1960-01-01' }] }));
    expect(withWorkingSpouse.tekunPersons).toEqual([]);
    const withAdultSon = assess(household({ members: [{ ...elder, relation: 'APPLICANT' }, { relation: 'CHILD', born: '1985-01-01' }] }));
    expect(withAdultSon.tekunPersons).toEqual([]);
    const withGrandchild = assess(household({ members: [elder, { relation: 'GRANDCHILD', born: '2012-01-01', labourCapacity: 'NONE' }] }));
    expect(withGrandchild.tekunPersons.map((t) => t.memberIndex)).toEqual([0, 1]);
  });

  it('keeps an adult child without labour capacity dependent on the parents (不能独立生活的成年子女, art. 1067)', () => {
    const disabledSon = { relation: 'CHILD' as const, born: '1990-01-01', labourCapacity: 'NONE' as const, disabilityGrade: 1 };
    expect(assess(household({ members: [{ born: '1960-01-01' }, disabledSon] })).tekunPersons).toEqual([]);
  });
});

describe('the engine guards itself (whatever its caller validated)', () => {
  const valid = household({ incomes: [monthly(1000, 0)] });
  it.each<[string, Household]>([
    ['an empty household', { ...valid, members: [] }],
    ['a negative income', { ...valid, incomes: [monthly(-1, 0)] }],
    ['a negative rigid expense', { ...valid, rigidExpenses: [{ kind: 'MEDICAL', amountFen: -5, memberIndex: 0 }] }],
    ['negative employment costs', { ...valid, employmentCostsFen: -1 }],
    ['negative assets', { ...valid, assets: { ...valid.assets, financialAssetsFen: -100 } }],
    ['a fractional amount', { ...valid, incomes: [monthly(0.5, 0)] }],
    ['an income of no member', { ...valid, incomes: [monthly(100, 3)] }],
  ])('refuses %s with a RangeError', (_, h) => {
    expect(() => assess(h)).toThrow(RangeError);
  });
  it('and the schema refuses the same at the API, naming the field', () => {
    const parsed = Household.safeParse({ ...valid, members: [], incomes: [monthly(-1)] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['members', 'incomes.0.amountFen']));
  });
});

describe('exclusions (one tier per household, in the order of SPEC §1)', () => {
  it('excludes 低边 when 低保 applies', () => {
    const d = assess(household({ incomes: [monthly(50_000)] }));
    expect(d.tiers.DIBIAN).toEqual({ tier: 'DIBIAN', criteriaMet: true, excludedBy: 'DIBAO', applies: false });
  });

  it('excludes 刚支 when any tier above applies', () => {
    const d = assess(household({ incomes: [monthly(50_000)], rigidExpenses: [{ kind: 'EDUCATION', amountFen: 500_000, memberIndex: 0 }] }));
    expect(d.tiers.GANGZHI).toEqual({ tier: 'GANGZHI', criteriaMet: true, excludedBy: 'DIBAO', applies: false });
    const marginal = assess(household({ incomes: [monthly(80_000)], rigidExpenses: [{ kind: 'EDUCATION', amountFen: 700_000, memberIndex: 0 }] }));
    expect(marginal.primaryTier).toBe('DIBIAN');
    expect(marginal.tiers.GANGZHI).toMatchObject({ criteriaMet: true, excludedBy: 'DIBIAN' });
  });

  it('considers 其他困难人员 last, after 防返贫', () => {
    const worker = { history: { hardshipWorker: true } };
    expect(assess(household({ incomes: [monthly(80_000)], ...worker })).tiers.QITA).toMatchObject({ criteriaMet: true, excludedBy: 'DIBIAN' });
    const monitored = assess(household({ incomes: [monthly(150_000)], ...worker, antiPovertyMonitored: true }));
    expect(monitored.primaryTier).toBe('FANGFAN');
    expect(monitored.tiers.QITA).toMatchObject({ criteriaMet: true, excludedBy: 'FANGFAN', applies: false });
  });

  it('reports 防返贫 alongside a computed tier, never excluding it', () => {
    const d = assess(household({ incomes: [monthly(50_000)], antiPovertyMonitored: true }));
    expect(d.primaryTier).toBe('DIBAO');
    expect(d.tiers.FANGFAN).toEqual({ tier: 'FANGFAN', criteriaMet: true, excludedBy: null, applies: true });
    expect(d.summary).toBe('认定类别：低保家庭（DIBAO）；同为防止返贫监测对象。');
  });
});

describe('deductions (刚性支出扣除, 就业成本扣除: seed 002)', () => {
  const off = policy({ 'deductions.rigidExpense': false, 'deductions.employmentCost': false });
  const ill = (kind: 'MEDICAL' | 'EDUCATION' | 'DISABILITY_REHABILITATION', member: MemberSpec = { seriousIllness: true }) =>
    household({ members: [member], incomes: [monthly(70_000)], rigidExpenses: [{ kind, amountFen: 100_000, memberIndex: 0 }] });

  it.each<[string, Household, EligibilityPolicy, Tier | null]>([
    ['medical costs of a seriously ill member, deduction on', ill('MEDICAL'), DEMO_POLICY, 'DIBAO'],
    ['… deduction off', ill('MEDICAL'), off, 'DIBIAN'],
    ['medical costs of a disabled member', ill('MEDICAL', { disabilityGrade: 3 }), DEMO_POLICY, 'DIBAO'],
    ['medical costs of a member neither ill nor disabled are not deducted', ill('MEDICAL', {}), DEMO_POLICY, 'DIBIAN'],
    ['education costs are not deducted from income', ill('EDUCATION'), DEMO_POLICY, 'DIBIAN'],
    ['rehabilitation costs are deducted', ill('DISABILITY_REHABILITATION', {}), DEMO_POLICY, 'DIBAO'],
    ['employment costs, deduction on', household({ incomes: [monthly(70_000)], employmentCostsFen: 60_001 }), DEMO_POLICY, 'DIBAO'],
    ['employment costs, one fen short', household({ incomes: [monthly(70_000)], employmentCostsFen: 60_000 }), DEMO_POLICY, 'DIBIAN'],
    ['employment costs, deduction off', household({ incomes: [monthly(70_000)], employmentCostsFen: 60_001 }), off, 'DIBIAN'],
  ])('%s → %s', (_, h, p, tier) => {
    expect(primary(h, p)).toBe(tier);
  });

  it('deducts employment costs only up to the income earned by work, and never below zero', () => {
    const pensioner = assess(household({ incomes: [{ kind: 'PENSION', amountFen: 70_000, period: 'MONTHLY' }], employmentCostsFen: 500_000 }));
    expect(pensioner.figures.employmentCostDeductedFen).toBe(0);
    expect(pensioner.primaryTier).toBe('DIBIAN');
    const small = assess(household({ incomes: [monthly(1_000)], rigidExpenses: [{ kind: 'DISABILITY_REHABILITATION', amountFen: 900_000, memberIndex: 0 }] }));
    expect(small.figures).toMatchObject({ grossIncomeAnnualFen: 12_000, rigidExpenseDeductedFen: 900_000, assessedIncomeAnnualFen: 0 });
  });

  it('does not deduct rigid expenses twice in the 刚支 rule', () => {
    const d = assess(
      household({ members: [{ seriousIllness: true }], incomes: [monthly(245_000)], rigidExpenses: [{ kind: 'MEDICAL', amountFen: 1_000_000, memberIndex: 0 }] }),
    );
    expect(d.figures).toMatchObject({ incomeBeforeRigidAnnualFen: 2_940_000, assessedIncomeAnnualFen: 1_940_000, incomeAfterAllRigidAnnualFen: 1_940_000 });
  });
});

describe('其他困难人员 (seed 001 item 6)', () => {
  // 1500.00 a month: above 1.5 × 低保标准, 18000.00 a year below 30000.00.
  const qita = (history: Household['history'], income = 150_000) => household({ incomes: [monthly(income)], history });

  it.each<[string, Household, string, Tier | null]>([
    ['rejected exactly 12 months ago', qita({ rejectedApplicationsOn: ['2025-06-15'] }), ON, 'QITA'],
    ['rejected 12 months and a day ago', qita({ rejectedApplicationsOn: ['2025-06-14'] }), ON, null],
    ['the latest of several rejections counts', qita({ rejectedApplicationsOn: ['2023-01-01', '2025-12-01'] }), ON, 'QITA'],
    ['a rejection after the assessment date is not known yet', qita({ rejectedApplicationsOn: ['2026-06-16'] }), ON, null],
    ['rejected on 29 Feb: the window ends on 28 Feb', qita({ rejectedApplicationsOn: ['2024-02-29'] }), '2025-02-28', 'QITA'],
    ['… and not on 1 Mar', qita({ rejectedApplicationsOn: ['2024-02-29'] }), '2025-03-01', null],
    ['exited as improved exactly 24 months ago', qita({ exitedAsImprovedOn: ['2024-06-15'] }), ON, 'QITA'],
    ['exited 24 months and a day ago', qita({ exitedAsImprovedOn: ['2024-06-14'] }), ON, null],
    ['a registered hardship worker', qita({ hardshipWorker: true }), ON, 'QITA'],
    ['no circumstance', qita({}), ON, null],
    ['a hardship worker at exactly the disposable income', qita({ hardshipWorker: true }, 250_000), ON, null],
    ['a hardship worker one fen a month below it', qita({ hardshipWorker: true }, 249_999), ON, 'QITA'],
  ])('%s → %s', (_, h, on, tier) => {
    expect(primary(h, DEMO_POLICY, on)).toBe(tier);
  });
});

describe('单人保 candidates (seeds 000, 001, 002, 004)', () => {
  const marginal = (spouse: MemberSpec, income = 150_000) =>
    household({ members: [{}, { relation: 'SPOUSE', ...spouse }], incomes: [monthly(income, 0)] });

  it.each<[string, Household, Array<'SERIOUS_ILLNESS' | 'SEVERE_DISABILITY'>]>([
    ['a seriously ill member of a 低边 household', marginal({ seriousIllness: true }), ['SERIOUS_ILLNESS']],
    ['a grade 2 disabled member', marginal({ disabilityGrade: 2 }), ['SEVERE_DISABILITY']],
    ['a grade 1 disabled, seriously ill member', marginal({ disabilityGrade: 1, seriousIllness: true }), ['SERIOUS_ILLNESS', 'SEVERE_DISABILITY']],
  ])('%s is a candidate', (_, h, reasons) => {
    const d = assess(h);
    expect(d.primaryTier).toBe('DIBIAN');
    expect(d.singlePersonCandidates).toEqual([expect.objectContaining({ memberIndex: 1, reasons, householdTier: 'DIBIAN' })]);
  });

  it('does not list a grade 3 disability, nor members of a 低保 household', () => {
    expect(assess(marginal({ disabilityGrade: 3 })).singlePersonCandidates).toEqual([]);
    const dibao = assess(marginal({ seriousIllness: true }, 100_000));
    expect(dibao.primaryTier).toBe('DIBAO');
    expect(dibao.singlePersonCandidates).toEqual([]);
  });

  it('lists members of a 刚支 household from seed 001 only', () => {
    const h = household({
      members: [{}, { relation: 'CHILD', born: '2008-01-01', seriousIllness: true, student: true }],
      incomes: [monthly(400_000, 0)],
      rigidExpenses: [{ kind: 'EDUCATION', amountFen: 3_000_000, memberIndex: 1 }],
    });
    const d = assess(h);
    expect(d.primaryTier).toBe('GANGZHI');
    expect(d.singlePersonCandidates).toEqual([
      expect.objectContaining({ memberIndex: 1, householdTier: 'GANGZHI', seeds: ['001_9237fe14a555ec89.txt'] }),
    ]);
  });
});

describe('explanations', () => {
  it('say the numbers in yuan, marking rounded per-capita amounts', () => {
    const d = assess(household({ members: [{}, {}, {}], incomes: [annual(1_000_000)] }));
    expect(rule(d, 'DIBAO_INCOME_BELOW_STANDARD')).toMatchObject({
      passed: true,
      sentence: '家庭月人均收入约277.78元，低于低保标准650.00元（核算家庭年收入10000.00元，3人）',
      compared: {
        kind: 'PRODUCT',
        left: [{ name: 'assessedIncomeAnnualFen', value: 1_000_000 }],
        operator: '<',
        right: [
          { name: 'monthlyStandardFen', value: 65_000 },
          { name: 'months', value: 12 },
          { name: 'members', value: 3 },
        ],
      },
      seeds: ['000_056401b5544f6075.txt', '001_9237fe14a555ec89.txt', '002_b1feb00eff1f4937.txt'],
    });
    expect(rule(d, 'DIBIAN_INCOME_BELOW_FACTOR').sentence).toBe('家庭月人均收入约277.78元，低于低保标准的1.5倍（975.00元）');
    expect(rule(d, 'DIBAO_ASSETS_FINANCIAL').sentence).toBe('家庭货币财产0.00元，不超过低保财产规定的人均15600.00元×3人＝46800.00元');
    expect(d.figures.sentence).toBe('家庭共同生活成员3人，年化收入10000.00元（月收入×12＋年收入），核算家庭年收入10000.00元。');
  });

  it('explain the 60% share and the QITA window', () => {
    const d = assess(
      household({
        incomes: [monthly(245_000)],
        rigidExpenses: [{ kind: 'EDUCATION', amountFen: 1_764_000, memberIndex: 0 }],
        history: { rejectedApplicationsOn: ['2025-06-15'] },
      }),
    );
    expect(rule(d, 'GANGZHI_RIGID_EXPENSE_SHARE').sentence).toBe(
      '近12个月医疗、教育、残疾康复等刚性支出17640.00元，未超过家庭总收入29400.00元的60%（17640.00元）',
    );
    expect(rule(d, 'QITA_REJECTED_WITHIN_WINDOW')).toMatchObject({
      passed: true,
      compared: { kind: 'DATE', left: ON, operator: '<=', right: '2026-06-15' },
      sentence: '最近一次申请社会救助未通过在2025-06-15，至2026-06-15仍在12个月内（截至2026-06-15）',
    });
  });

  it('name the policy rows used', () => {
    expect(assess(household()).policyVersions['dibao.monthlyStandardFen']).toBe('dibao.monthlyStandardFen@430681/2026-01-01#test');
  });

  it('refuse a member born after the assessment date', () => {
    expect(() => assess(household({ members: [{ born: '2026-06-16' }] }))).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------- properties

const dateAround = (from: string, days: number) => fc.integer({ min: 0, max: days }).map((d) => addDays(from, d));

const arbMember = fc.record({
  born: dateAround('1931-01-01', 34_500), // up to 2025-06-16, before ON
  relation: fc.constantFrom('SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'GRANDPARENT', 'SIBLING', 'OTHER' as const),
  labourCapacity: fc.constantFrom('FULL', 'PARTIAL', 'NONE' as const),
  disabilityGrade: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  seriousIllness: fc.boolean(),
  student: fc.boolean(),
  registeredUnemployed: fc.boolean(),
  legalSupporters: fc.array(
    fc.record({ duty: fc.constantFrom('ELDER_SUPPORT', 'CHILD_SUPPORT', 'SPOUSAL_SUPPORT' as const), ableToSupport: fc.boolean() }),
    { maxLength: 2 },
  ),
});

const arbIncome = (n: number) =>
  fc.record({
    kind: fc.constantFrom('WAGES', 'BUSINESS', 'AGRICULTURE', 'PROPERTY', 'TRANSFER', 'PENSION', 'RESIDENT_BASIC_PENSION', 'OTHER' as const),
    period: fc.constantFrom('MONTHLY', 'ANNUAL' as const),
    amountFen: fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 3_000_000 }), fc.constant(0)),
    memberIndex: fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: undefined }),
  });

const arbHousehold = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc.record({
    members: fc.array(arbMember, { minLength: n, maxLength: n }),
    incomes: fc.array(arbIncome(n), { maxLength: 4 }),
    assets: fc.oneof(
      // modest: within every demo asset limit, so the income rules decide
      fc.record({
        financialAssetsFen: fc.integer({ min: 0, max: 1_560_000 }),
        vehicleCount: fc.constantFrom(0, 1),
        anyNonEssentialVehicle: fc.constant(false),
        extraHousingUnits: fc.constant(0),
      }),
      fc.record({
        financialAssetsFen: fc.integer({ min: 0, max: 8_000_000 }),
        vehicleCount: fc.integer({ min: 0, max: 2 }),
        anyNonEssentialVehicle: fc.boolean(),
        extraHousingUnits: fc.integer({ min: 0, max: 2 }),
      }),
    ),
    rigidExpenses: fc.array(
      fc.record({
        kind: fc.constantFrom('MEDICAL', 'EDUCATION', 'DISABILITY_REHABILITATION' as const),
        amountFen: fc.integer({ min: 0, max: 4_000_000 }),
        memberIndex: fc.integer({ min: 0, max: n - 1 }),
      }),
      { maxLength: 3 },
    ),
    employmentCostsFen: fc.integer({ min: 0, max: 500_000 }),
    history: fc.record({
      rejectedApplicationsOn: fc.array(dateAround('2023-09-01', 1_050), { maxLength: 2 }),
      exitedAsImprovedOn: fc.array(dateAround('2023-09-01', 1_050), { maxLength: 2 }),
      hardshipWorker: fc.boolean(),
    }),
    antiPovertyMonitored: fc.constantFrom(false, false, false, false, true),
  }).map(({ members, ...rest }) =>
    Household.parse({
      members: members.map(({ born, relation, ...m }, i) => ({ ...m, idNumber: idNumberFor(born, i + 1), relation: i === 0 ? 'APPLICANT' : relation })),
      ...rest,
    }),
  ),
);

const arbPolicy = fc
  .record({
    'dibao.monthlyStandardFen': fc.integer({ min: 30_000, max: 120_000 }),
    'dibian.factorPermille': fc.integer({ min: 1000, max: 2000 }),
    'income.previousYearPerCapitaDisposableAnnualFen': fc.integer({ min: 1_000_000, max: 5_000_000 }),
    'gangzhi.rigidExpenseSharePermille': fc.integer({ min: 300, max: 900 }),
    'tekun.minorUnderAge': fc.constantFrom(16, 18),
    'tekun.elderlyFromAge': fc.integer({ min: 55, max: 65 }),
    'deductions.rigidExpense': fc.boolean(),
    'deductions.employmentCost': fc.boolean(),
    'income.excludesResidentBasicPension': fc.boolean(),
    'qita.rejectionWindowMonths': fc.integer({ min: 6, max: 36 }),
    'qita.exitWindowMonths': fc.integer({ min: 6, max: 36 }),
  })
  .map((values) => policy(values));

/** SPEC §1 order, most generous first; no tier ranks last. */
const rank = (tier: Tier | null) => (tier === null ? TIERS.length : TIERS.indexOf(tier));

/** Members who get 低保-level support or better: TEKUN persons, all of a TEKUN/DIBAO household, 单人保 candidates. */
function covered(h: Household, d: EligibilityDecision): number[] {
  if (d.primaryTier === 'TEKUN' || d.primaryTier === 'DIBAO') return h.members.map((_, i) => i);
  return [...new Set([...d.tekunPersons.map((t) => t.memberIndex), ...d.singlePersonCandidates.map((c) => c.memberIndex)])].sort();
}

/** Re-evaluated here, independently of the engine. */
function evaluate(c: Comparison): boolean {
  const value = (side: Array<{ value: number }>) => side.reduce((acc, f) => acc * BigInt(f.value), 1n);
  const [l, r] = c.kind === 'DATE' ? [c.left, c.right] : [value(c.left), value(c.right)];
  return { '<': l < r, '<=': l <= r, '>': l > r, '>=': l >= r }[c.operator];
}

function criteriaFromRules(rules: readonly RuleExplanation[]): boolean {
  const groups = new Set(rules.flatMap((r) => (r.anyOfGroup ? [r.anyOfGroup] : [])));
  return rules.every((r) => r.anyOfGroup !== undefined || r.passed) && [...groups].every((g) => rules.some((r) => r.anyOfGroup === g && r.passed));
}

describe('properties', () => {
  it('more income never yields a more generous primary tier, nor a new TEKUN person', () => {
    fc.assert(
      fc.property(arbHousehold, arbPolicy, fc.nat(), fc.integer({ min: 1, max: 1_000_000 }), (h, p, pick, delta) => {
        const before = assessEligibility(h, p, ON);
        const raised = structuredClone(h);
        const item = raised.incomes[pick % Math.max(1, raised.incomes.length)];
        if (item) item.amountFen += delta;
        else raised.incomes.push({ kind: 'OTHER', amountFen: delta, period: 'ANNUAL', memberIndex: pick % h.members.length });
        const after = assessEligibility(raised, p, ON);
        expect(rank(after.primaryTier)).toBeGreaterThanOrEqual(rank(before.primaryTier));
        const tekunBefore = before.tekunPersons.map((t) => t.memberIndex);
        for (const t of after.tekunPersons) expect(tekunBefore).toContain(t.memberIndex);
      }),
      { numRuns: 500 },
    );
  });

  it('a higher 低保标准 never removes eligibility: the tier is as generous or more, and no member loses 低保-level cover', () => {
    fc.assert(
      fc.property(arbHousehold, arbPolicy, fc.integer({ min: 0, max: 50_000 }), (h, p, raise) => {
        const higher = policy({ ...p.values, 'dibao.monthlyStandardFen': p.values['dibao.monthlyStandardFen'] + raise });
        const before = assessEligibility(h, p, ON);
        const after = assessEligibility(h, higher, ON);
        expect(rank(after.primaryTier)).toBeLessThanOrEqual(rank(before.primaryTier));
        for (const i of covered(h, before)) expect(covered(h, after)).toContain(i);
      }),
      { numRuns: 500 },
    );
  });

  it('names at most one primary tier: the first that applies; 防返贫 alone may apply beside it', () => {
    fc.assert(
      fc.property(arbHousehold, arbPolicy, (h, p) => {
        const d = assessEligibility(h, p, ON);
        const computed = TIERS.filter((t) => t !== 'FANGFAN' && d.tiers[t].applies);
        expect(computed.length).toBeLessThanOrEqual(1);
        expect(d.primaryTier).toBe(TIERS.find((t) => d.tiers[t].applies) ?? null);
        expect(d.tiers.FANGFAN.applies).toBe(h.antiPovertyMonitored === true);
      }),
      { numRuns: 500 },
    );
  });

  it('the explanation reproduces the decision: every comparison from its numbers, every tier from the passed rules', () => {
    fc.assert(
      fc.property(arbHousehold, arbPolicy, (h, p) => {
        const d = assessEligibility(h, p, ON);
        const misjudged = d.rules.filter((r) => r.compared !== undefined && evaluate(r.compared) !== r.passed).map((r) => r.code);
        expect(misjudged).toEqual([]);
        const factors = d.rules.flatMap((r) => (r.compared?.kind === 'PRODUCT' ? [...r.compared.left, ...r.compared.right] : []));
        expect(factors.every((f) => Number.isSafeInteger(f.value))).toBe(true);
        expect(d.rules.every((r) => r.sentence.length > 0 && r.seeds.length > 0)).toBe(true);
        const tekun = h.members.flatMap((_, i) => (criteriaFromRules(d.rules.filter((r) => r.tier === 'TEKUN' && r.memberIndex === i)) ? [i] : []));
        expect(d.tekunPersons.map((t) => t.memberIndex)).toEqual(tekun);
        const met = (t: Tier) => (t === 'TEKUN' ? tekun.length === h.members.length : criteriaFromRules(d.rules.filter((r) => r.tier === t)));
        const expected = TIERS.map((t) => {
          const earlier = t === 'FANGFAN' ? [] : TIERS.slice(0, TIERS.indexOf(t));
          return { tier: t, criteriaMet: met(t), applies: met(t) && !earlier.some(met) };
        });
        expect(TIERS.map((t) => ({ tier: t, criteriaMet: d.tiers[t].criteriaMet, applies: d.tiers[t].applies }))).toEqual(expected);
        expect(d.primaryTier).toBe(TIERS.find(met) ?? null);
        // The numbers are the household's and the policy's.
        const dibao = rule(d, 'DIBAO_INCOME_BELOW_STANDARD').compared;
        expect(dibao).toMatchObject({ right: [{ value: p.values['dibao.monthlyStandardFen'] }, { value: 12 }, { value: h.members.length }] });
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic and leaves its input alone', () => {
    fc.assert(
      fc.property(arbHousehold, arbPolicy, (h, p) => {
        const copy = structuredClone(h);
        expect(assessEligibility(h, p, ON)).toEqual(assessEligibility(copy, p, ON));
        expect(h).toEqual(copy);
      }),
      { numRuns: 100 },
    );
  });

  it('a member owed support by a housemate with full labour capacity is never a TEKUN person', () => {
    fc.assert(
      fc.property(arbHousehold, arbPolicy, (h, p) => {
        const tekun = assessEligibility(h, p, ON).tekunPersons.map((t) => t.memberIndex);
        const supported = h.members.flatMap((_, i) =>
          supportersInHousehold(h.members, i, ON).some((s) => h.members[s.memberIndex]?.labourCapacity === 'FULL') ? [i] : []);
        expect(tekun.filter((i) => supported.includes(i))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('relations inside the household only ever take 特困 away, never add it', () => {
    fc.assert(
      fc.property(arbHousehold, arbPolicy, (h, p) => {
        const strangers = { ...h, members: h.members.map((m, i) => (i === 0 ? m : { ...m, relation: 'OTHER' as const })) };
        const withRelations = assessEligibility(h, p, ON).tekunPersons.map((t) => t.memberIndex);
        const without = assessEligibility(strangers, p, ON).tekunPersons.map((t) => t.memberIndex);
        expect(without).toEqual(expect.arrayContaining(withRelations));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses any negative amount, wherever it is', () => {
    fc.assert(
      fc.property(arbHousehold, fc.integer({ min: -1_000_000, max: -1 }), fc.nat(), (h, negative, pick) => {
        const broken = structuredClone(h);
        const places = [
          () => { broken.employmentCostsFen = negative; },
          () => { broken.assets.financialAssetsFen = negative; },
          () => { broken.incomes.push({ kind: 'WAGES', period: 'MONTHLY', amountFen: negative }); },
          () => { broken.rigidExpenses.push({ kind: 'MEDICAL', amountFen: negative, memberIndex: 0 }); },
        ];
        places[pick % places.length]?.();
        expect(() => assessEligibility(broken, DEMO_POLICY, ON)).toThrow(RangeError);
      }),
      { numRuns: 200 },
    );
  });
});
