import type { WarningRule } from '../../domain/warningRules';
import type { DemoPolicyRow } from './row';

/**
 * Warning indicators of the demo county 汨罗市 (430681), shaped after SPEC §2
 * and seeds 000/001; every amount is invented for the demo and says so.
 */
const SEED_000 = '000_056401b5544f6075.txt (低收入人口动态监测实施意见 征求意见稿)';
const ALL = ['TEKUN', 'DIBAO', 'DIBIAN', 'GANGZHI', 'FANGFAN', 'QITA'] as const;
const EVERY_STANDING = ['ACTIVE', 'GRADUAL_EXIT', 'MONITORED', 'NONE'] as const;
const everyone = { categories: [...ALL], enrolmentStates: [...EVERY_STANDING] };

const RULES: WarningRule[] = [
  { id: 'MED-12M-20K', label: '个人自付医疗费用12个月累计2万元以上', indicator: { kind: 'MEDICAL_COSTS_12M_AT_LEAST', of: 'PERSON', amountFen: 2_000_000 },
    target: everyone, hardshipType: 'MEDICAL', priority: 2 },
  { id: 'MED-12M-SHARE-50', label: '家庭自付医疗费用12个月累计占家庭年收入50%以上', indicator: { kind: 'MEDICAL_COSTS_12M_SHARE_OF_INCOME_AT_LEAST', permille: 500 },
    target: everyone, hardshipType: 'MEDICAL', priority: 1 },
  { id: 'DIBIAN-UNEMPLOYED', label: '低保边缘家庭成员新登记失业', indicator: { kind: 'REGISTERED_UNEMPLOYED' },
    target: { categories: ['DIBIAN'], enrolmentStates: [...EVERY_STANDING] }, hardshipType: 'UNEMPLOYMENT', priority: 2 },
  { id: 'DISASTER-5K', label: '受灾损失5000元以上', indicator: { kind: 'DISASTER_LOSS_AT_LEAST', amountFen: 500_000 },
    target: everyone, hardshipType: 'DISASTER', priority: 1 },
  { id: 'RECIPIENT-DEATH', label: '救助对象死亡：停发复核', indicator: { kind: 'DEATH' },
    target: { categories: [...ALL], enrolmentStates: ['ACTIVE', 'GRADUAL_EXIT'] }, hardshipType: 'DEATH_IN_HOUSEHOLD', priority: 1 },
  { id: 'FANGFAN-NEW', label: '新纳入防止返贫监测对象', indicator: { kind: 'FANGFAN_FLAG' },
    target: everyone, hardshipType: 'RETURN_TO_POVERTY_RISK', priority: 2 },
  { id: 'HOUSE-CD', label: '住房鉴定为C级、D级危房', indicator: { kind: 'DANGEROUS_HOUSE_RATING', ratings: ['C', 'D'] },
    target: everyone, hardshipType: 'HOUSING', priority: 2 },
  { id: 'DISABILITY-SEVERE', label: '新办一、二级残疾人证', indicator: { kind: 'DISABILITY_GRADE_AT_MOST', grade: 2 },
    target: everyone, hardshipType: 'DISABILITY', priority: 3 },
  { id: 'STUDENT', label: '低收入家庭在校学生', indicator: { kind: 'STUDENT' },
    target: { categories: ['TEKUN', 'DIBAO', 'DIBIAN'], enrolmentStates: [...EVERY_STANDING] }, hardshipType: 'EDUCATION', priority: 3 },
];

export const WARNING_RULES_POLICY: DemoPolicyRow[] = [
  { regionPrefix: '430681', key: 'warning.rules', value: RULES, effectiveFrom: '2026-01-01', source: SEED_000,
    note: 'demo values: 预警指标 shaped after seed 000 「科学设置预警指标」 and SPEC §2; every amount invented' },
];
