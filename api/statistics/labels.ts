/**
 * Chinese labels of the codes the 月报 shows (XLSX and console), after the
 * comments on the enums in domain/caseSchemas.ts and domain/applicationSchemas.ts.
 */
export const LABELS: Record<string, string> = {
  // warning sources
  PROVINCIAL_CLUE: '省级预警线索', DATA_MATCH: '大数据比对', FIELD_VISIT: '铁脚板摸排', DEPARTMENT_PUSH: '部门推送', APPLICATION: '个人申请/协助申办',
  // disposal outcomes
  DELIVER_POLICY: '落实政策', MAY_QUALIFY: '协助申办或转介', NO_LONGER_QUALIFIES: '按程序终止', COMPLEX: '一事一议', NO_CHANGE: '核实无变化结案',
  // departments
  MEDICAL_INSURANCE: '医保', HEALTH: '卫健', EDUCATION: '教育', HUMAN_RESOURCES: '人社', HOUSING: '住建', EMERGENCY_MANAGEMENT: '应急',
  DISABLED_PERSONS_FEDERATION: '残联', AGRICULTURE: '农业农村', TRADE_UNION: '总工会', WATER_RESOURCES: '水利', CIVIL_AFFAIRS: '民政',
  // tiers
  TEKUN: '特困', DIBAO: '低保', DIBIAN: '低保边缘', GANGZHI: '刚性支出困难', QITA: '其他困难', UNDECIDED: '未认定',
  // payment kinds
  EMERGENCY_FIRST_AID: '急难先行救助', EMERGENCY_APPROVED: '急难审批救助',
};

const MEASURES: Record<string, string> = {
  BASIC_LIVING: '基本生活救助', MEDICAL: '医疗救助', EDUCATION: '教育救助', HOUSING: '住房救助', EMPLOYMENT: '就业救助', DISASTER: '受灾人员救助',
  HEATING: '采暖救助', TEMPORARY: '临时救助', SERVICE: '服务类救助', CHARITY: '慈善帮扶', OTHER: '其他',
};

/** Step names (the console's buttons). */
const ACTIONS: Record<string, string> = {
  verify: '入户核实', dispose: '分类处置', deliberate: '一事一议', refer: '转介', 'record-assistance': '记录救助', 'report-result': '报告结果',
  feedback: '反馈结果', 'record-investigation': '家计调查', 'confirm-decision': '确认认定', 'override-decision': '调整认定',
  'record-objection': '记录异议', 'resolve-objections': '处理异议', approve: '审批同意', reject: '不予批准', document: '补充材料',
  review: '审核', 'report-change': '报告变化', 'complete-review': '完成复核', 'complete-duty': '完成任务',
};

/** Every label, flat: payment kinds ASSISTANCE_<measure> and REFERRAL_<department> composed (the console fetches this). */
export const ALL_LABELS: Record<string, string> = {
  ...LABELS,
  ...ACTIONS,
  ...Object.fromEntries(Object.entries(MEASURES).map(([k, v]) => [`ASSISTANCE_${k}`, v])),
  ...Object.fromEntries(Object.entries(LABELS).map(([k, v]) => [`REFERRAL_${k}`, `转介${v}`])),
  REFERRAL_APPLICATION: '协助申办',
};

export const label = (code: string | null): string => (code === null ? '—' : ALL_LABELS[code] ?? code);
