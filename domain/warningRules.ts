import { z } from 'zod';
import { HardshipType } from './caseSchemas';
import { FeedKind, LowIncomeCategory } from './feeds/feedKinds';

/**
 * Warning indicators (预警指标) as local policy data (seed 000 「科学设置预警指标」;
 * SPEC §2): a county configures, without code, which feed row about which
 * monitored person raises a warning, from this fixed vocabulary. Evaluation is
 * pure; thresholds include the number itself (以上, Civil Code art. 1259).
 */

const fen = z.number().int().min(0);

export const Indicator = z.discriminatedUnion('kind', [
  /** Out-of-pocket medical costs over the last 12 months ≥ an amount, of the person or the whole household. */
  z.object({ kind: z.literal('MEDICAL_COSTS_12M_AT_LEAST'), of: z.enum(['PERSON', 'HOUSEHOLD']), amountFen: fen }),
  /** The household's medical costs over 12 months ≥ a share (per mille) of its annual income. */
  z.object({ kind: z.literal('MEDICAL_COSTS_12M_SHARE_OF_INCOME_AT_LEAST'), permille: z.number().int().min(1).max(100_000) }),
  /** A member newly registered unemployed. */
  z.object({ kind: z.literal('REGISTERED_UNEMPLOYED') }),
  z.object({ kind: z.literal('DISASTER_LOSS_AT_LEAST'), amountFen: fen }),
  z.object({ kind: z.literal('DEATH') }),
  /** Newly on agriculture's 防返贫 list. */
  z.object({ kind: z.literal('FANGFAN_FLAG') }),
  z.object({ kind: z.literal('DANGEROUS_HOUSE_RATING'), ratings: z.array(z.enum(['A', 'B', 'C', 'D'])).min(1) }),
  /** A disability certificate of this grade or more severe (1 is the most severe). */
  z.object({ kind: z.literal('DISABILITY_GRADE_AT_MOST'), grade: z.number().int().min(1).max(4) }),
  z.object({ kind: z.literal('STUDENT') }),
  z.object({ kind: z.literal('HOUSEHOLD_CHANGE'), changeTypes: z.array(z.enum(['MOVE_IN', 'MOVE_OUT', 'SPLIT', 'MERGE'])).min(1) }),
]);
export type Indicator = z.infer<typeof Indicator>;

/** The feed each indicator reads. */
const INDICATOR_FEED: Record<Indicator['kind'], FeedKind> = {
  MEDICAL_COSTS_12M_AT_LEAST: 'MEDICAL_COSTS',
  MEDICAL_COSTS_12M_SHARE_OF_INCOME_AT_LEAST: 'MEDICAL_COSTS',
  REGISTERED_UNEMPLOYED: 'UNEMPLOYMENT',
  DISASTER_LOSS_AT_LEAST: 'DISASTER_LOSSES',
  DEATH: 'DEATHS',
  FANGFAN_FLAG: 'FANGFAN',
  DANGEROUS_HOUSE_RATING: 'DANGEROUS_HOUSES',
  DISABILITY_GRADE_AT_MOST: 'DISABILITY',
  STUDENT: 'STUDENTS',
  HOUSEHOLD_CHANGE: 'HOUSEHOLD_CHANGES',
};

/** Where a monitored person stands with an enrolment (NONE: registered, rejected or 防返贫 only). */
export const EnrolmentStanding = z.enum(['ACTIVE', 'GRADUAL_EXIT', 'MONITORED', 'NONE']);
export type EnrolmentStanding = z.infer<typeof EnrolmentStanding>;

export const WarningRule = z
  .object({
    id: z.string().regex(/^[A-Z][A-Z0-9_-]{1,39}$/, 'must be 2–40 capitals, digits, _ or -'),
    label: z.string().min(1).max(200),
    indicator: Indicator,
    /** Whom the rule watches: a monitored person with one of these categories in one of these standings. */
    target: z.object({ categories: z.array(LowIncomeCategory).min(1), enrolmentStates: z.array(EnrolmentStanding).min(1) }),
    hardshipType: HardshipType,
    /** 1 is the most urgent; when several rules match a row, the most urgent raises the warning. */
    priority: z.number().int().min(1).max(9),
  });
export type WarningRule = z.infer<typeof WarningRule>;

export const WarningRules = z.array(WarningRule).refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, 'rule ids must be unique');

export const WARNING_POLICY_KEYS = {
  /** The county's warning indicators (seed 000 「科学设置预警指标」). */
  'warning.rules': WarningRules,
} as const;

export const feedOf = (indicator: Indicator): FeedKind => INDICATOR_FEED[indicator.kind];

export interface Membership {
  category: z.infer<typeof LowIncomeCategory>;
  enrolmentState: EnrolmentStanding;
}

/** What matching (set-based SQL) found about one staged row of a monitored person. */
export interface RowFacts {
  feedKind: FeedKind;
  memberships: Membership[];
  amountFen: number | null;
  attrs: Record<string, string | number> | null;
  personMedical12mFen: number;
  householdMedical12mFen: number;
  householdAnnualIncomeFen: number | null;
}

function indicatorHolds(i: Indicator, f: RowFacts): boolean {
  switch (i.kind) {
    case 'MEDICAL_COSTS_12M_AT_LEAST':
      return (i.of === 'PERSON' ? f.personMedical12mFen : f.householdMedical12mFen) >= i.amountFen;
    case 'MEDICAL_COSTS_12M_SHARE_OF_INCOME_AT_LEAST':
      // Unknown income cannot be compared; none at all with costs is every share.
      if (f.householdAnnualIncomeFen === null) return false;
      return f.householdMedical12mFen > 0 && f.householdMedical12mFen * 1000 >= i.permille * f.householdAnnualIncomeFen;
    case 'DISASTER_LOSS_AT_LEAST':
      return (f.amountFen ?? -1) >= i.amountFen;
    case 'DANGEROUS_HOUSE_RATING':
      return i.ratings.includes(f.attrs?.rating as never);
    case 'DISABILITY_GRADE_AT_MOST':
      return Number(f.attrs?.grade) <= i.grade;
    case 'HOUSEHOLD_CHANGE':
      return i.changeTypes.includes(f.attrs?.changeType as never);
    case 'REGISTERED_UNEMPLOYED':
    case 'DEATH':
    case 'FANGFAN_FLAG':
    case 'STUDENT':
      return true;
  }
}

export function ruleMatches(rule: WarningRule, f: RowFacts): boolean {
  if (feedOf(rule.indicator) !== f.feedKind) return false;
  const watched = f.memberships.some((m) => rule.target.categories.includes(m.category) && rule.target.enrolmentStates.includes(m.enrolmentState));
  return watched && indicatorHolds(rule.indicator, f);
}

/** The rule that raises the warning for this row: the most urgent that matches (then the lowest id), or none. */
export function pickRule(rules: readonly WarningRule[], f: RowFacts): WarningRule | null {
  let best: WarningRule | null = null;
  for (const r of rules) {
    if (!ruleMatches(r, f)) continue;
    if (!best || r.priority < best.priority || (r.priority === best.priority && r.id < best.id)) best = r;
  }
  return best;
}
