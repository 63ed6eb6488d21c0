import { addMonths, type CalendarDate } from './calendarDate';
import type { AssetLimits, EligibilityKey, EligibilityPolicy, EligibilityPolicyValues } from './eligibilityPolicy';
import {
  ageOn, birthDateOf, isSeverelyDisabled, supportersInHousehold, type Household, type HouseholdMember, type IncomeItem, type SupportDuty,
} from './household';
import { maskIdNumber } from './idNumber';

/**
 * "一次申请、分类审核认定" (001_9237fe14a555ec89.txt item 十二, 003_408e59f389c92afc.txt,
 * 004_eb8ff2c2deadb8db.txt item 一): one household application is assessed
 * against every tier of SPEC §1, in order, and the decision names the tier,
 * each rule with the numbers it compared, and the policy rows used. Pure and
 * deterministic: no clock, no I/O.
 *
 * Money is integer fen and never divided. Every amount is annualized exactly
 * (a monthly item counts 12×), so "monthly per-capita income < 低保标准" is
 * `annualIncome < standard × 12 × members`, and a per-mille factor multiplies
 * the other side: `annualIncome × 1000 < standard × factor × 12 × members`.
 *
 * Interpretations (the seed wins over SPEC; where the seeds are silent, the
 * reading that keeps the rule checkable from declared facts):
 *
 * - Household income (核算收入). 002_b1feb00eff1f4937.txt deducts, "在核算困难
 *   家庭收入时", the rigid expenses "因残疾、患重病等增加" and members' necessary
 *   employment costs; the two `deductions.*` keys switch them. Caused by
 *   illness or disability means: MEDICAL expenses of a seriously ill or
 *   disabled member, and every DISABILITY_REHABILITATION expense. EDUCATION
 *   is not deducted here (the seed names illness and disability only).
 *   Employment costs are deducted up to the income earned by work (WAGES,
 *   BUSINESS, AGRICULTURE): they are a cost of that income, not of a pension.
 *   Income never goes below zero. 004_eb8ff2c2deadb8db.txt has no deduction
 *   text; 001_9237fe14a555ec89.txt deducts only inside the 刚支 rule.
 * - 刚支 (001_9237fe14a555ec89.txt item 5) has its own deduction: all rigid
 *   expenses (medical, education, rehabilitation) against the household
 *   income *before* any rigid-expense deduction, so nothing is deducted twice.
 *   That same income is the "家庭总收入" of the 60% share, which must be
 *   exceeded ("超过"). The first clause (below 上年度人均可支配收入) uses the
 *   assessed income, like every other tier.
 * - 城乡居民基本养老保险基础养老金 is left out of income where the policy says
 *   so (001_9237fe14a555ec89.txt item 21; effective-dated, it is a 十四五 rule).
 * - 特困 (000_056401b5544f6075.txt, 001_9237fe14a555ec89.txt item 2) is a
 *   person: no labour capacity (NONE; PARTIAL is some capacity); no income
 *   source (no counted income of their own, and none declared for the
 *   household without a member: such income may be theirs, so it does not
 *   prove "无生活来源"); no legal supporter able to support, counting both
 *   the declared ones (outside the household) and the members who owe the
 *   person support by their relations (domain/household.ts
 *   `supportersInHousehold`: parents of a minor or of a child without labour
 *   capacity, the spouse, adult children); such a member is able to support
 *   when they have full labour capacity or counted income of their own, so a
 *   child of two earning parents is never 特困; and elderly (age ≥
 *   the local bound: "年满" includes it), disabled (any certified grade: the
 *   seeds say 残疾人 without a grade) or a minor (age < the local bound:
 *   "未满16周岁").
 * - A household is TEKUN only if every member is a TEKUN person. Otherwise its
 *   TEKUN persons are reported alongside, and the household as declared, with
 *   them counted, is assessed for the other tiers; whether a TEKUN person is
 *   then supported apart is the office's decision.
 * - Exclusions: a tier is excluded by an earlier one that applies
 *   (001_9237fe14a555ec89.txt items 3 and 5 say so for 低边 and 刚支; 特困供养
 *   and 低保 are not given to one household together either). 防返贫 comes from
 *   the agriculture department's flag and is never computed; it excludes only
 *   其他困难人员 ("暂不符合前述5类对象", 001_9237fe14a555ec89.txt item 6, the five
 *   including 防返贫), and is the primary tier only when no computed tier above
 *   it applies.
 * - 其他困难人员 windows: an event on date d is "within N months" on the
 *   assessment date t when d ≤ t ≤ d + N months (the corresponding day, or
 *   the month's last day where there is none: Civil Code arts. 201, 202).
 *   Events after t are not known on t and are ignored.
 * - 单人保: seriously ill and severely disabled (grade 1–2) members of a
 *   household that is DIBIAN (000_056401b5544f6075.txt names the ill only,
 *   001_9237fe14a555ec89.txt item 15, 002_b1feb00eff1f4937.txt,
 *   004_eb8ff2c2deadb8db.txt) or GANGZHI (001_9237fe14a555ec89.txt item 15
 *   only) are candidates to be enrolled alone. TEKUN persons are not listed:
 *   they are TEKUN already.
 */

export const SEED = {
  MUNICIPAL_DRAFT: '000_056401b5544f6075.txt',
  JIANGXI: '001_9237fe14a555ec89.txt',
  LONGYAO: '002_b1feb00eff1f4937.txt',
  MILUO: '003_408e59f389c92afc.txt',
  YUNNAN: '004_eb8ff2c2deadb8db.txt',
} as const;
export type SeedFile = (typeof SEED)[keyof typeof SEED];

/** SPEC §1 in order; the first that applies is the primary tier. */
export const TIERS = [
  'TEKUN', // 特困人员
  'DIBAO', // 低保家庭
  'DIBIAN', // 低保边缘家庭
  'GANGZHI', // 刚性支出困难家庭
  'FANGFAN', // 防止返贫监测对象 (reported, not computed)
  'QITA', // 其他困难人员
] as const;
export type Tier = (typeof TIERS)[number];

const TIER_NAMES: Record<Tier, string> = {
  TEKUN: '特困人员',
  DIBAO: '低保家庭',
  DIBIAN: '低保边缘家庭',
  GANGZHI: '刚性支出困难家庭',
  FANGFAN: '防止返贫监测对象',
  QITA: '其他困难人员',
};

type AssetRule = 'FINANCIAL' | 'VEHICLES' | 'NON_ESSENTIAL_VEHICLE' | 'HOUSING';

export type RuleCode =
  | 'TEKUN_NO_LABOUR_CAPACITY'
  | 'TEKUN_NO_INCOME_SOURCE'
  | 'TEKUN_NO_ABLE_SUPPORTER'
  | 'TEKUN_ELDERLY'
  | 'TEKUN_DISABLED'
  | 'TEKUN_MINOR'
  | 'DIBAO_INCOME_BELOW_STANDARD'
  | 'DIBIAN_INCOME_BELOW_FACTOR'
  | 'GANGZHI_INCOME_BELOW_DISPOSABLE'
  | 'GANGZHI_RIGID_EXPENSE_SHARE'
  | 'GANGZHI_INCOME_AFTER_RIGID_BELOW_FACTOR'
  | `${'DIBAO' | 'DIBIAN' | 'GANGZHI'}_ASSETS_${AssetRule}`
  | 'FANGFAN_MONITORING_OBJECT'
  | 'QITA_INCOME_BELOW_DISPOSABLE'
  | 'QITA_REJECTED_WITHIN_WINDOW'
  | 'QITA_EXITED_WITHIN_WINDOW'
  | 'QITA_HARDSHIP_WORKER';

export type Operator = '<' | '<=' | '>' | '>=';

/** A named integer; a side of a comparison is the product of its factors. */
export interface Factor {
  name: string;
  value: number;
}

/** What a rule compared, so anyone can re-evaluate it exactly (BigInt products, or ISO dates). */
export type Comparison =
  | { kind: 'PRODUCT'; left: Factor[]; operator: Operator; right: Factor[] }
  | { kind: 'DATE'; left: CalendarDate; operator: Operator; right: CalendarDate };

export interface RuleExplanation {
  code: RuleCode;
  tier: Tier;
  /** TEKUN rules are per person. */
  memberIndex?: number;
  /** The tier needs every rule without a group, and at least one passed rule of each group. */
  anyOfGroup?: 'CATEGORY' | 'HARDSHIP' | 'CIRCUMSTANCE';
  passed: boolean;
  /** Absent for declared facts (flags), which pass or fail as declared. */
  compared?: Comparison;
  /** 中文说明, amounts in yuan with two decimals ("约" where a per-capita amount is rounded). */
  sentence: string;
  seeds: readonly SeedFile[];
}

export interface TierResult {
  tier: Tier;
  /** Its own rules pass. */
  criteriaMet: boolean;
  /** The earlier tier that applies and so excludes this one. */
  excludedBy: Tier | null;
  applies: boolean;
}

export type TekunCategory = 'ELDERLY' | 'DISABLED' | 'MINOR';

export interface TekunPerson {
  memberIndex: number;
  maskedIdNumber: string;
  categories: TekunCategory[];
}

/** 单人保: may be enrolled in 低保 alone, "参照单人户". A candidate, for the office to decide. */
export interface SinglePersonCandidate {
  memberIndex: number;
  maskedIdNumber: string;
  reasons: Array<'SERIOUS_ILLNESS' | 'SEVERE_DISABILITY'>;
  householdTier: 'DIBIAN' | 'GANGZHI';
  sentence: string;
  seeds: readonly SeedFile[];
}

/** How household income was computed (annual fen), with a sentence for the case file. */
export interface IncomeFigures {
  memberCount: number;
  /** 12 × monthly items + annual items, counted kinds only. */
  grossIncomeAnnualFen: number;
  excludedIncomeAnnualFen: number;
  employmentCostDeductedFen: number;
  rigidExpenseTotalFen: number;
  rigidExpenseDeductedFen: number;
  /** Gross minus the employment-cost deduction: 刚支's "家庭总收入". */
  incomeBeforeRigidAnnualFen: number;
  /** After every enabled deduction: the income of DIBAO, DIBIAN, the disposable-income tests. */
  assessedIncomeAnnualFen: number;
  /** Before-rigid income minus all rigid expenses: 刚支's second clause. */
  incomeAfterAllRigidAnnualFen: number;
  sentence: string;
}

export interface EligibilityDecision {
  assessedOn: CalendarDate;
  primaryTier: Tier | null;
  summary: string;
  tiers: Record<Tier, TierResult>;
  tekunPersons: TekunPerson[];
  singlePersonCandidates: SinglePersonCandidate[];
  figures: IncomeFigures;
  rules: RuleExplanation[];
  policyVersions: Record<EligibilityKey, string>;
}

export function assessEligibility(household: Household, policy: EligibilityPolicy, assessedOn: CalendarDate): EligibilityDecision {
  assertAssessable(household);
  const p = policy.values;
  const income = householdIncome(household, p);
  const rules: RuleExplanation[] = [
    ...household.members.flatMap((member, i) => tekunRules(household, member, i, p, assessedOn)),
    ...dibaoRules(household, income, p),
    ...dibianRules(household, income, p),
    ...gangzhiRules(household, income, p),
    fangfanRule(household),
    ...qitaRules(household, income, p, assessedOn),
  ];

  const tekunPersons = household.members.flatMap((member, i): TekunPerson[] => {
    const own = rules.filter((r) => r.tier === 'TEKUN' && r.memberIndex === i);
    if (!criteriaMet(own)) return [];
    const categories = own.filter((r) => r.anyOfGroup === 'CATEGORY' && r.passed).map((r) => CATEGORY_OF[r.code] as TekunCategory);
    return [{ memberIndex: i, maskedIdNumber: maskIdNumber(member.idNumber), categories }];
  });
  const met: Record<Tier, boolean> = {
    TEKUN: tekunPersons.length === household.members.length,
    DIBAO: criteriaMet(rules.filter((r) => r.tier === 'DIBAO')),
    DIBIAN: criteriaMet(rules.filter((r) => r.tier === 'DIBIAN')),
    GANGZHI: criteriaMet(rules.filter((r) => r.tier === 'GANGZHI')),
    FANGFAN: criteriaMet(rules.filter((r) => r.tier === 'FANGFAN')),
    QITA: criteriaMet(rules.filter((r) => r.tier === 'QITA')),
  };
  const tiers = applyExclusions(met);
  const primaryTier = TIERS.find((t) => tiers[t].applies) ?? null;
  const singlePersonCandidates = singlePersonCandidatesOf(household, tiers, tekunPersons);

  return {
    assessedOn,
    primaryTier,
    summary: summaryOf(primaryTier, tekunPersons, singlePersonCandidates, tiers.FANGFAN.applies),
    tiers,
    tekunPersons,
    singlePersonCandidates,
    figures: figuresOf(income),
    rules,
    policyVersions: policy.versions,
  };
}

/**
 * The engine's own guard, whatever its caller validated: an empty household
 * would be 特困 (every one of no members) and divide by zero, and a negative
 * amount would lower income below what was declared. The zod schema
 * (domain/household.ts) refuses both at the API with the field named.
 */
function assertAssessable(household: Household): void {
  if (household.members.length === 0) throw new RangeError('a household has at least one member');
  const amounts: Array<[string, number]> = [
    ['employmentCostsFen', household.employmentCostsFen],
    ['assets.financialAssetsFen', household.assets.financialAssetsFen],
    ['assets.vehicleCount', household.assets.vehicleCount],
    ['assets.extraHousingUnits', household.assets.extraHousingUnits],
    ...household.incomes.map((item, i): [string, number] => [`incomes.${i}.amountFen`, item.amountFen]),
    ...household.rigidExpenses.map((item, i): [string, number] => [`rigidExpenses.${i}.amountFen`, item.amountFen]),
  ];
  for (const [path, value] of amounts) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${path} must be a non-negative integer, got ${value}`);
  }
  const indexes = [...household.incomes.map((item) => item.memberIndex), ...household.rigidExpenses.map((item) => item.memberIndex)];
  if (indexes.some((m) => m !== undefined && (!Number.isInteger(m) || m < 0 || m >= household.members.length))) {
    throw new RangeError('a memberIndex names no member of the household');
  }
}

/** A tier's (or a person's) criteria: every ungrouped rule passes and each group has a passed rule. */
function criteriaMet(rules: readonly RuleExplanation[]): boolean {
  const groups = new Map<string, boolean>();
  let all = true;
  for (const r of rules) {
    if (r.anyOfGroup === undefined) all &&= r.passed;
    else groups.set(r.anyOfGroup, (groups.get(r.anyOfGroup) ?? false) || r.passed);
  }
  return all && [...groups.values()].every(Boolean);
}

/**
 * One tier per household: a tier is excluded by the first earlier tier that
 * applies. 防返贫 is never excluded and excludes only 其他困难人员.
 */
function applyExclusions(met: Record<Tier, boolean>): Record<Tier, TierResult> {
  const result = {} as Record<Tier, TierResult>;
  let applying: Tier | null = null;
  for (const tier of TIERS) {
    const excludedBy = tier === 'FANGFAN' ? null : applying;
    const applies = met[tier] && excludedBy === null;
    result[tier] = { tier, criteriaMet: met[tier], excludedBy, applies };
    if (applies && applying === null) applying = tier;
  }
  return result;
}

// ---------------------------------------------------------------- income

interface Income {
  members: bigint;
  gross: bigint;
  excluded: bigint;
  employmentCostDeducted: bigint;
  rigidTotal: bigint;
  rigidDeducted: bigint;
  beforeRigid: bigint;
  assessed: bigint;
  afterAllRigid: bigint;
}

const EARNED_KINDS: ReadonlySet<IncomeItem['kind']> = new Set(['WAGES', 'BUSINESS', 'AGRICULTURE']);

function isCounted(item: IncomeItem, p: EligibilityPolicyValues): boolean {
  return !(item.kind === 'RESIDENT_BASIC_PENSION' && p['income.excludesResidentBasicPension']);
}

function annualFen(item: IncomeItem): bigint {
  return BigInt(item.amountFen) * (item.period === 'MONTHLY' ? 12n : 1n);
}

function sum(values: readonly bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

const max0 = (x: bigint) => (x > 0n ? x : 0n);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

function householdIncome(household: Household, p: EligibilityPolicyValues): Income {
  const counted = household.incomes.filter((item) => isCounted(item, p));
  const gross = sum(counted.map(annualFen));
  const excluded = sum(household.incomes.filter((item) => !isCounted(item, p)).map(annualFen));
  const earned = sum(counted.filter((item) => EARNED_KINDS.has(item.kind)).map(annualFen));
  const employmentCostDeducted = p['deductions.employmentCost'] ? min(BigInt(household.employmentCostsFen), earned) : 0n;
  const rigidTotal = sum(household.rigidExpenses.map((e) => BigInt(e.amountFen)));
  const illOrDisabled = (i: number) => household.members[i]?.seriousIllness === true || household.members[i]?.disabilityGrade != null;
  const causedByIllnessOrDisability = household.rigidExpenses.filter(
    (e) => e.kind === 'DISABILITY_REHABILITATION' || (e.kind === 'MEDICAL' && illOrDisabled(e.memberIndex)),
  );
  const rigidDeducted = p['deductions.rigidExpense'] ? sum(causedByIllnessOrDisability.map((e) => BigInt(e.amountFen))) : 0n;
  const beforeRigid = gross - employmentCostDeducted;
  return {
    members: BigInt(household.members.length),
    gross,
    excluded,
    employmentCostDeducted,
    rigidTotal,
    rigidDeducted,
    beforeRigid,
    assessed: max0(beforeRigid - rigidDeducted),
    afterAllRigid: max0(beforeRigid - rigidTotal),
  };
}

function figuresOf(income: Income): IncomeFigures {
  const parts = [`家庭共同生活成员${income.members}人，年化收入${yuan(income.gross)}元（月收入×12＋年收入）`];
  if (income.excluded > 0n) parts.push(`城乡居民基本养老保险基础养老金${yuan(income.excluded)}元不计入`);
  if (income.employmentCostDeducted > 0n) parts.push(`扣减必要就业成本${yuan(income.employmentCostDeducted)}元`);
  if (income.rigidDeducted > 0n) parts.push(`扣减因残疾、患重病增加的刚性支出${yuan(income.rigidDeducted)}元`);
  parts.push(`核算家庭年收入${yuan(income.assessed)}元`);
  return {
    memberCount: Number(income.members),
    grossIncomeAnnualFen: Number(income.gross),
    excludedIncomeAnnualFen: Number(income.excluded),
    employmentCostDeductedFen: Number(income.employmentCostDeducted),
    rigidExpenseTotalFen: Number(income.rigidTotal),
    rigidExpenseDeductedFen: Number(income.rigidDeducted),
    incomeBeforeRigidAnnualFen: Number(income.beforeRigid),
    assessedIncomeAnnualFen: Number(income.assessed),
    incomeAfterAllRigidAnnualFen: Number(income.afterAllRigid),
    sentence: `${parts.join('，')}。`,
  };
}

// ---------------------------------------------------------------- rule builders

/** One side of a comparison: named integers to multiply. */
type Side = Array<[string, bigint | number]>;

function product(left: Side, operator: Operator, right: Side): Comparison {
  const factors = (side: Side) => side.map(([name, value]) => ({ name, value: Number(value) }));
  return { kind: 'PRODUCT', left: factors(left), operator, right: factors(right) };
}

/** Exact evaluation of an explained comparison: integer products (BigInt) or ISO dates. */
export function holds(c: Comparison): boolean {
  if (c.kind === 'DATE') return satisfies(c.left, c.operator, c.right);
  const productOf = (side: Factor[]) => side.reduce((acc, f) => acc * BigInt(f.value), 1n);
  return satisfies(productOf(c.left), c.operator, productOf(c.right));
}

function satisfies<T extends bigint | string>(left: T, operator: Operator, right: T): boolean {
  switch (operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

type RuleBase = Omit<RuleExplanation, 'passed' | 'compared' | 'sentence'>;

/** A rule decided by its comparison: `passed` is never set apart from the numbers. */
function comparedRule(base: RuleBase, compared: Comparison, sentence: (passed: boolean) => string): RuleExplanation {
  const passed = holds(compared);
  return { ...base, passed, compared, sentence: sentence(passed) };
}

function flagRule(base: RuleBase, passed: boolean, sentence: string): RuleExplanation {
  return { ...base, passed, sentence };
}

// ---------------------------------------------------------------- 特困 (per person)

const CATEGORY_OF: Partial<Record<RuleCode, TekunCategory>> = { TEKUN_ELDERLY: 'ELDERLY', TEKUN_DISABLED: 'DISABLED', TEKUN_MINOR: 'MINOR' };
const TEKUN_SEEDS = [SEED.MUNICIPAL_DRAFT, SEED.JIANGXI] as const;

function tekunRules(household: Household, member: HouseholdMember, i: number, p: EligibilityPolicyValues, on: CalendarDate): RuleExplanation[] {
  const birth = birthDateOf(member.idNumber);
  if (birth > on) throw new RangeError(`member ${i} is born after the assessment date ${on}`);
  const age = ageOn(birth, on);
  const who = `成员${i + 1}（${maskIdNumber(member.idNumber)}）`;
  const base = (code: RuleCode, anyOfGroup?: RuleExplanation['anyOfGroup']): RuleBase => ({
    code,
    tier: 'TEKUN',
    memberIndex: i,
    ...(anyOfGroup ? { anyOfGroup } : {}),
    seeds: TEKUN_SEEDS,
  });

  const own = ownIncome(household, i, p);
  const unattributed = sum(household.incomes.filter((item) => isCounted(item, p) && item.memberIndex === undefined).map(annualFen));
  const declaredAble = member.legalSupporters.filter((s) => s.ableToSupport).length;
  const inHousehold = supportersInHousehold(household.members, i, on).map((s) => ({ ...s, able: ableToSupport(household, s.memberIndex, p) }));
  const able = declaredAble + inHousehold.filter((s) => s.able).length;
  const supporterCount = member.legalSupporters.length + inHousehold.length;
  const housemates = inHousehold.map((s) => `成员${s.memberIndex + 1}（${DUTY_NAMES[s.duty]}，${s.able ? '有能力' : '无能力'}）`).join('、');
  const minorAge = p['tekun.minorUnderAge'];
  const elderlyAge = p['tekun.elderlyFromAge'];
  const capacity = { FULL: '有劳动能力', PARTIAL: '部分丧失劳动能力', NONE: '无劳动能力' }[member.labourCapacity];

  return [
    flagRule(base('TEKUN_NO_LABOUR_CAPACITY'), member.labourCapacity === 'NONE', `${who}${capacity}`),
    comparedRule(base('TEKUN_NO_INCOME_SOURCE'), product([['personIncomeAnnualFen', own + unattributed]], '<=', [['zero', 0]]), (passed) =>
      `${who}本人名下年收入${yuan(own)}元，未分到成员的家庭年收入${yuan(unattributed)}元，${passed ? '无生活来源' : '有收入来源'}`,
    ),
    comparedRule(base('TEKUN_NO_ABLE_SUPPORTER'), product([['ableSupporters', able]], '<=', [['zero', 0]]), (passed) =>
      supporterCount === 0
        ? `${who}无法定赡养、抚养、扶养义务人`
        : `${who}有法定义务人${supporterCount}人` +
          `（${housemates ? `同户：${housemates}；` : ''}另申报${member.legalSupporters.length}人），` +
          `其中有赡养、抚养、扶养能力的${able}人${passed ? '（均无能力）' : ''}`,
    ),
    comparedRule(base('TEKUN_ELDERLY', 'CATEGORY'), product([['ageYears', age]], '>=', [['elderlyFromAge', elderlyAge]]), (passed) =>
      `${who}现年${age}周岁，${passed ? '已满' : '未满'}${elderlyAge}周岁`,
    ),
    flagRule(
      base('TEKUN_DISABLED', 'CATEGORY'),
      member.disabilityGrade !== null,
      member.disabilityGrade === null ? `${who}无残疾人证` : `${who}为残疾人（${member.disabilityGrade}级）`,
    ),
    comparedRule(base('TEKUN_MINOR', 'CATEGORY'), product([['ageYears', age]], '<', [['minorUnderAge', minorAge]]), (passed) =>
      `${who}现年${age}周岁，${passed ? '未满' : '已满'}${minorAge}周岁`,
    ),
  ];
}

const DUTY_NAMES: Record<SupportDuty, string> = { CHILD_SUPPORT: '抚养', SPOUSAL_SUPPORT: '扶养', ELDER_SUPPORT: '赡养' };

/** Counted income of member i's own (annual fen). */
function ownIncome(household: Household, i: number, p: EligibilityPolicyValues): bigint {
  return sum(household.incomes.filter((item) => isCounted(item, p) && item.memberIndex === i).map(annualFen));
}

/** A supporter living in the household is able to support with full labour capacity or counted income of their own. */
function ableToSupport(household: Household, j: number, p: EligibilityPolicyValues): boolean {
  return household.members[j]?.labourCapacity === 'FULL' || ownIncome(household, j, p) > 0n;
}

// ---------------------------------------------------------------- 低保, 低边, 刚支

const below = (passed: boolean) => (passed ? '低于' : '不低于');

function perCapitaMonthly(annual: bigint, income: Income): string {
  return yuanRatio(annual, 12n * income.members);
}

/** The yearly household amount of "低保标准 × months × members". */
function standardSide(p: EligibilityPolicyValues, income: Income): Side {
  return [['monthlyStandardFen', p['dibao.monthlyStandardFen']], ['months', 12], ['members', income.members]];
}

/** "annual × 1000 < 低保标准 × factor × 12 × members": below 1.5 × 低保标准 a month per person. */
function belowFactor(name: string, annual: bigint, income: Income, p: EligibilityPolicyValues): Comparison {
  return product([[name, annual], ['permille', 1000]], '<', [
    ['monthlyStandardFen', p['dibao.monthlyStandardFen']],
    ['factorPermille', p['dibian.factorPermille']],
    ['months', 12],
    ['members', income.members],
  ]);
}

/** "低保标准的1.5倍（975.00元）". */
function factorOfStandard(p: EligibilityPolicyValues): string {
  const factor = p['dibian.factorPermille'];
  const monthly = yuanRatio(BigInt(p['dibao.monthlyStandardFen']) * BigInt(factor), 1000n);
  return `低保标准的${decimalOfPermille(factor)}倍（${monthly}元）`;
}

function assetRules(tier: 'DIBAO' | 'DIBIAN' | 'GANGZHI', household: Household, limits: AssetLimits, seeds: readonly SeedFile[]): RuleExplanation[] {
  const rules = `${tier === 'DIBAO' ? '低保' : '低保边缘家庭'}财产规定`;
  const a = household.assets;
  const n = household.members.length;
  const base = (rule: AssetRule): RuleBase => ({ code: `${tier}_ASSETS_${rule}`, tier, seeds });
  const within = (passed: boolean) => (passed ? '不超过' : '超过');
  const perCapita = limits.financialAssetsPerCapitaMaxFen;
  const nonEssential = a.anyNonEssentialVehicle
    ? `有非生活必需车辆，${rules}${limits.nonEssentialVehicleAllowed ? '允许' : '不允许'}`
    : '无非生活必需车辆';
  return [
    comparedRule(
      base('FINANCIAL'),
      product([['financialAssetsFen', a.financialAssetsFen]], '<=', [['perCapitaMaxFen', perCapita], ['members', n]]),
      (passed) =>
        `家庭货币财产${yuan(a.financialAssetsFen)}元，${within(passed)}${rules}的` +
        `人均${yuan(perCapita)}元×${n}人＝${yuan(BigInt(perCapita) * BigInt(n))}元`,
    ),
    comparedRule(
      base('VEHICLES'),
      product([['vehicles', a.vehicleCount]], '<=', [['maxVehicles', limits.maxVehicles]]),
      (passed) => `家庭机动车${a.vehicleCount}辆，${within(passed)}${rules}的${limits.maxVehicles}辆`,
    ),
    flagRule(base('NON_ESSENTIAL_VEHICLE'), !a.anyNonEssentialVehicle || limits.nonEssentialVehicleAllowed, nonEssential),
    comparedRule(
      base('HOUSING'),
      product([['extraHousingUnits', a.extraHousingUnits]], '<=', [['maxExtraHousingUnits', limits.maxExtraHousingUnits]]),
      (passed) => `除唯一住房外另有房产${a.extraHousingUnits}套，${within(passed)}${rules}的${limits.maxExtraHousingUnits}套`,
    ),
  ];
}

const DIBAO_DIBIAN_SEEDS = [SEED.MUNICIPAL_DRAFT, SEED.JIANGXI, SEED.LONGYAO] as const;

function dibaoRules(household: Household, income: Income, p: EligibilityPolicyValues): RuleExplanation[] {
  const standard = p['dibao.monthlyStandardFen'];
  return [
    comparedRule(
      { code: 'DIBAO_INCOME_BELOW_STANDARD', tier: 'DIBAO', seeds: DIBAO_DIBIAN_SEEDS },
      product([['assessedIncomeAnnualFen', income.assessed]], '<', standardSide(p, income)),
      (passed) =>
        `家庭月人均收入${perCapitaMonthly(income.assessed, income)}元，${below(passed)}低保标准${yuan(standard)}元` +
        `（核算家庭年收入${yuan(income.assessed)}元，${income.members}人）`,
    ),
    ...assetRules('DIBAO', household, p['dibao.assetLimits'], DIBAO_DIBIAN_SEEDS),
  ];
}

function dibianRules(household: Household, income: Income, p: EligibilityPolicyValues): RuleExplanation[] {
  return [
    comparedRule(
      { code: 'DIBIAN_INCOME_BELOW_FACTOR', tier: 'DIBIAN', seeds: DIBAO_DIBIAN_SEEDS },
      belowFactor('assessedIncomeAnnualFen', income.assessed, income, p),
      (passed) => `家庭月人均收入${perCapitaMonthly(income.assessed, income)}元，${below(passed)}${factorOfStandard(p)}`,
    ),
    ...assetRules('DIBIAN', household, p['dibian.assetLimits'], DIBAO_DIBIAN_SEEDS),
  ];
}

/** Annual per-capita income below last year's per-capita disposable income (刚支 and 其他困难人员). */
function belowDisposable(tier: 'GANGZHI' | 'QITA', income: Income, p: EligibilityPolicyValues): RuleExplanation {
  const disposable = p['income.previousYearPerCapitaDisposableAnnualFen'];
  return comparedRule(
    { code: `${tier}_INCOME_BELOW_DISPOSABLE`, tier, seeds: [SEED.JIANGXI] },
    product([['assessedIncomeAnnualFen', income.assessed]], '<', [['perCapitaDisposableAnnualFen', disposable], ['members', income.members]]),
    (passed) =>
      `家庭年人均收入${yuanRatio(income.assessed, income.members)}元，${below(passed)}上年度当地居民人均可支配收入${yuan(disposable)}元`,
  );
}

function gangzhiRules(household: Household, income: Income, p: EligibilityPolicyValues): RuleExplanation[] {
  const seeds = [SEED.JIANGXI, SEED.MUNICIPAL_DRAFT] as const;
  const share = p['gangzhi.rigidExpenseSharePermille'];
  const shareOfIncome = yuanRatio(income.beforeRigid * BigInt(share), 1000n);
  return [
    belowDisposable('GANGZHI', income, p),
    comparedRule(
      { code: 'GANGZHI_RIGID_EXPENSE_SHARE', tier: 'GANGZHI', anyOfGroup: 'HARDSHIP', seeds },
      product(
        [['rigidExpenseTotalFen', income.rigidTotal], ['permille', 1000]],
        '>',
        [['sharePermille', share], ['incomeBeforeRigidAnnualFen', income.beforeRigid]],
      ),
      (passed) =>
        `近12个月医疗、教育、残疾康复等刚性支出${yuan(income.rigidTotal)}元，${passed ? '超过' : '未超过'}` +
        `家庭总收入${yuan(income.beforeRigid)}元的${percentOfPermille(share)}（${shareOfIncome}元）`,
    ),
    comparedRule(
      { code: 'GANGZHI_INCOME_AFTER_RIGID_BELOW_FACTOR', tier: 'GANGZHI', anyOfGroup: 'HARDSHIP', seeds },
      belowFactor('incomeAfterAllRigidAnnualFen', income.afterAllRigid, income, p),
      (passed) =>
        `扣减刚性支出${yuan(income.rigidTotal)}元后家庭月人均收入${perCapitaMonthly(income.afterAllRigid, income)}元，` +
        `${below(passed)}${factorOfStandard(p)}`,
    ),
    ...assetRules('GANGZHI', household, p['dibian.assetLimits'], seeds),
  ];
}

// ---------------------------------------------------------------- 防返贫, 其他困难人员

function fangfanRule(household: Household): RuleExplanation {
  const monitored = household.antiPovertyMonitored === true;
  return flagRule(
    { code: 'FANGFAN_MONITORING_OBJECT', tier: 'FANGFAN', seeds: [SEED.JIANGXI, SEED.LONGYAO, SEED.MILUO] },
    monitored,
    monitored ? '农业农村部门已认定为防止返贫监测对象（数据交换所得，本系统不作认定）' : '无农业农村部门的防止返贫监测对象认定',
  );
}

function qitaRules(household: Household, income: Income, p: EligibilityPolicyValues, on: CalendarDate): RuleExplanation[] {
  const history = household.history ?? {};
  const seeds = [SEED.JIANGXI] as const;
  const withinWindow = (code: RuleCode, dates: readonly CalendarDate[] | undefined, months: number, event: string): RuleExplanation => {
    const base: RuleBase = { code, tier: 'QITA', anyOfGroup: 'CIRCUMSTANCE', seeds };
    const latest = (dates ?? []).filter((d) => d <= on).sort().at(-1);
    if (latest === undefined) return flagRule(base, false, `无${event}的记录`);
    const windowEnd = addMonths(latest, months);
    return comparedRule(base, { kind: 'DATE', left: on, operator: '<=', right: windowEnd }, (passed) =>
      `最近一次${event}在${latest}，至${on}${passed ? '仍在' : '已超过'}${months}个月内（截至${windowEnd}）`,
    );
  };
  const hardshipWorker = history.hardshipWorker === true;
  return [
    belowDisposable('QITA', income, p),
    withinWindow('QITA_REJECTED_WITHIN_WINDOW', history.rejectedApplicationsOn, p['qita.rejectionWindowMonths'], '申请社会救助未通过'),
    withinWindow('QITA_EXITED_WITHIN_WINDOW', history.exitedAsImprovedOn, p['qita.exitWindowMonths'], '因家庭经济条件好转退出救助'),
    flagRule(
      { code: 'QITA_HARDSHIP_WORKER', tier: 'QITA', anyOfGroup: 'CIRCUMSTANCE', seeds },
      hardshipWorker,
      hardshipWorker ? '为工会建档的困难职工' : '非工会建档的困难职工',
    ),
  ];
}


// ---------------------------------------------------------------- 单人保 and summary

function singlePersonCandidatesOf(
  household: Household,
  tiers: Record<Tier, TierResult>,
  tekunPersons: readonly TekunPerson[],
): SinglePersonCandidate[] {
  const householdTier = tiers.DIBIAN.applies ? 'DIBIAN' : tiers.GANGZHI.applies ? 'GANGZHI' : null;
  if (householdTier === null) return [];
  const tekun = new Set(tekunPersons.map((t) => t.memberIndex));
  return household.members.flatMap((member, i): SinglePersonCandidate[] => {
    const reasons: SinglePersonCandidate['reasons'] = [];
    if (member.seriousIllness) reasons.push('SERIOUS_ILLNESS');
    if (isSeverelyDisabled(member)) reasons.push('SEVERE_DISABILITY');
    if (reasons.length === 0 || tekun.has(i)) return [];
    const seeds =
      householdTier === 'GANGZHI'
        ? [SEED.JIANGXI]
        : [...(member.seriousIllness ? [SEED.MUNICIPAL_DRAFT] : []), SEED.JIANGXI, SEED.LONGYAO, SEED.YUNNAN];
    const what = reasons.map((r) => (r === 'SERIOUS_ILLNESS' ? '重病患者' : `重度残疾人（${member.disabilityGrade}级）`)).join('、');
    const masked = maskIdNumber(member.idNumber);
    return [{
      memberIndex: i,
      maskedIdNumber: masked,
      reasons,
      householdTier,
      sentence: `成员${i + 1}（${masked}）为${TIER_NAMES[householdTier]}中的${what}，可参照单人户单独纳入低保（单人保）`,
      seeds,
    }];
  });
}

function summaryOf(primary: Tier | null, tekun: readonly TekunPerson[], single: readonly SinglePersonCandidate[], monitored: boolean): string {
  const parts = [primary === null ? '家庭不符合各类低收入家庭认定条件' : `认定类别：${TIER_NAMES[primary]}（${primary}）`];
  if (primary !== 'TEKUN' && tekun.length > 0) parts.push(`另有${tekun.length}人符合特困人员条件`);
  if (single.length > 0) parts.push(`${single.length}人可单独纳入低保（单人保）`);
  if (monitored && primary !== 'FANGFAN') parts.push('同为防止返贫监测对象');
  return `${parts.join('；')}。`;
}

// ---------------------------------------------------------------- money and ratios as text

/** Fen as yuan with two decimals: 123456 → "1234.56". */
export function yuan(fen: bigint | number): string {
  const f = BigInt(fen);
  const abs = f < 0n ? -f : f;
  return `${f < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** numerator/denominator fen, rounded half up to the fen; "约" marks a rounded amount. */
function yuanRatio(numerator: bigint, denominator: bigint): string {
  const rounded = (2n * numerator + denominator) / (2n * denominator);
  return `${numerator % denominator === 0n ? '' : '约'}${yuan(rounded)}`;
}

/** 1500 → "1.5", without floating point. */
function decimalOfPermille(permille: number): string {
  const fraction = String(permille % 1000).padStart(3, '0').replace(/0+$/, '');
  return `${Math.floor(permille / 1000)}${fraction ? `.${fraction}` : ''}`;
}

/** 600 → "60%", 625 → "62.5%". */
function percentOfPermille(permille: number): string {
  return `${Math.floor(permille / 10)}${permille % 10 ? `.${permille % 10}` : ''}%`;
}
