import { z } from 'zod';

/**
 * Policy keys of the tier engine (SPEC §1, "一次申请、分类审核认定"). Every value
 * marked local in SPEC is policy data per region and effective date; the rules
 * that are the same in every seed (the 1.5 factor, the 60% share) are data too,
 * so a region can change them without a release. Money in integer fen, ratios
 * in integer per-mille (1500 = 1.5×), so the engine never touches floating point.
 */

const fen = (max: number) => z.number().int().min(1).max(max);

/** 低保/低边 asset rules (家庭货币、车辆、房屋等财产, 000_056401b5544f6075.txt); a limit is included ("以下" includes the number). */
export const AssetLimits = z.strictObject({
  financialAssetsPerCapitaMaxFen: z.number().int().min(0).max(100_000_000).describe('人均货币财产上限 (含)'),
  maxVehicles: z.number().int().min(0).max(10).describe('机动车辆数上限 (含)'),
  nonEssentialVehicleAllowed: z.boolean().describe('是否允许非生活必需车辆'),
  maxExtraHousingUnits: z.number().int().min(0).max(10).describe('唯一住房以外房产套数上限 (含)'),
});
export type AssetLimits = z.infer<typeof AssetLimits>;

export const ELIGIBILITY_POLICY_KEYS = {
  /** 低保标准, monthly per person (local, per region and year; 000_056401b5544f6075.txt, 001_9237fe14a555ec89.txt, 002_b1feb00eff1f4937.txt). */
  'dibao.monthlyStandardFen': fen(1_000_000),
  /** 低保边缘: income below this multiple of 低保标准 (1.5 in 000_056401b5544f6075.txt, 001_9237fe14a555ec89.txt, 002_b1feb00eff1f4937.txt). */
  'dibian.factorPermille': z.number().int().min(1000).max(5000),
  /** 上年度当地居民人均可支配收入, annual per person (local; 001_9237fe14a555ec89.txt items 5, 6). */
  'income.previousYearPerCapitaDisposableAnnualFen': fen(100_000_000),
  /** 刚性支出占家庭总收入比例 above which a household is 刚支 (60% in 001_9237fe14a555ec89.txt item 5). */
  'gangzhi.rigidExpenseSharePermille': z.number().int().min(1).max(1000),
  /** Asset rules of 低保 (000_056401b5544f6075.txt: 符合低保家庭经济状况规定). */
  'dibao.assetLimits': AssetLimits,
  /** Asset rules of 低保边缘, also applied to 刚支 (000_056401b5544f6075.txt, 001_9237fe14a555ec89.txt item 5). */
  'dibian.assetLimits': AssetLimits,
  /** 特困 minors are under this age (未满16周岁 in 001_9237fe14a555ec89.txt item 2; 18 elsewhere). */
  'tekun.minorUnderAge': z.number().int().min(1).max(18),
  /** 特困 elderly from this age on (年满…周岁, included). */
  'tekun.elderlyFromAge': z.number().int().min(50).max(80),
  /** 刚性支出扣除: deduct expenses caused by disability or serious illness from household income (002_b1feb00eff1f4937.txt). */
  'deductions.rigidExpense': z.boolean(),
  /** 就业成本扣除: deduct necessary employment costs from household income (002_b1feb00eff1f4937.txt). */
  'deductions.employmentCost': z.boolean(),
  /** 城乡居民基本养老保险基础养老金不计入家庭收入 (001_9237fe14a555ec89.txt item 21, for the 十四五 period: effective-dated). */
  'income.excludesResidentBasicPension': z.boolean(),
  /** 其他困难人员: an assistance application rejected within this many months (一年内, 001_9237fe14a555ec89.txt item 6). */
  'qita.rejectionWindowMonths': z.number().int().min(1).max(120),
  /** 其他困难人员: exited assistance as circumstances improved within this many months (两年内, 001_9237fe14a555ec89.txt item 6). */
  'qita.exitWindowMonths': z.number().int().min(1).max(120),
} as const;

export type EligibilityKey = keyof typeof ELIGIBILITY_POLICY_KEYS;

/** Every key the engine reads: a loader resolves all of them for the region and date of an assessment. */
export const ELIGIBILITY_KEYS = Object.keys(ELIGIBILITY_POLICY_KEYS) as readonly EligibilityKey[];

export type EligibilityPolicyValues = { [K in EligibilityKey]: z.infer<(typeof ELIGIBILITY_POLICY_KEYS)[K]> };

/** The resolved policy for one region and date, with the row each value came from (db/policy.ts `version`). */
export interface EligibilityPolicy {
  values: EligibilityPolicyValues;
  versions: Record<EligibilityKey, string>;
}

/** Validates a whole set of values at once (e.g. a loader's result or a test fixture). */
export const EligibilityPolicyValues = z.strictObject(ELIGIBILITY_POLICY_KEYS);
