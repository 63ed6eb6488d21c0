import type { DemoPolicyRow } from './row';

/**
 * Tier engine policy for the demo county 汨罗市 (430681). Rules come from the
 * seeds that state them; every amount is invented for the demo and says so.
 * Policy rows of a real region replace these through the policy table.
 */
const SEED_000 = '000_056401b5544f6075.txt (低收入人口动态监测实施意见 征求意见稿)';
const SEED_001 = '001_9237fe14a555ec89.txt (江西省 低收入人口动态监测实施意见)';
const SEED_002 = '002_b1feb00eff1f4937.txt (隆尧县 隆民〔2022〕1号)';
const DEMO = 'demo';

const row = (key: DemoPolicyRow['key'], value: unknown, source: string, note: string): DemoPolicyRow => ({
  regionPrefix: '430681',
  key,
  value,
  effectiveFrom: '2026-01-01',
  source,
  note,
});

export const ELIGIBILITY_POLICY: DemoPolicyRow[] = [
  row('dibao.monthlyStandardFen', 65_000, DEMO, 'demo value: 低保标准 650.00元/人·月, invented'),
  row('dibian.factorPermille', 1500, SEED_001, 'demo value: 低保标准的1.5倍 (the factor of seeds 000, 001, 002)'),
  row('income.previousYearPerCapitaDisposableAnnualFen', 3_000_000, DEMO, 'demo value: 上年度居民人均可支配收入 30000.00元, invented'),
  row('gangzhi.rigidExpenseSharePermille', 600, SEED_001, 'demo value: 必需支出占家庭总收入比例超过60% (seed 001 item 5)'),
  row(
    'dibao.assetLimits',
    { financialAssetsPerCapitaMaxFen: 1_560_000, maxVehicles: 1, nonEssentialVehicleAllowed: false, maxExtraHousingUnits: 0 },
    DEMO,
    'demo value: 人均货币财产15600.00元以下, one essential vehicle, no housing beyond the home; invented',
  ),
  row(
    'dibian.assetLimits',
    { financialAssetsPerCapitaMaxFen: 3_120_000, maxVehicles: 1, nonEssentialVehicleAllowed: false, maxExtraHousingUnits: 1 },
    DEMO,
    'demo value: 人均货币财产31200.00元以下, one essential vehicle, one house beyond the home; invented',
  ),
  row('tekun.minorUnderAge', 18, SEED_000, 'demo value: 未成年人 = under 18 (Civil Code art. 17); seed 001 (Jiangxi) uses 未满16周岁'),
  row('tekun.elderlyFromAge', 60, SEED_000, 'demo value: 老年人 = 60周岁以上 (老年人权益保障法 art. 2)'),
  row('deductions.rigidExpense', true, SEED_002, 'demo value: 刚性支出扣除 applies (seed 002)'),
  row('deductions.employmentCost', true, SEED_002, 'demo value: 就业成本扣除 applies (seed 002)'),
  row('income.excludesResidentBasicPension', true, SEED_001, 'demo value: 城乡居民基本养老保险基础养老金不计入家庭收入 (seed 001 item 21)'),
  row('qita.rejectionWindowMonths', 12, SEED_001, 'demo value: 一年内申请社会救助未通过 (seed 001 item 6)'),
  row('qita.exitWindowMonths', 24, SEED_001, 'demo value: 两年内因家庭经济条件好转退出救助范围 (seed 001 item 6)'),
];
