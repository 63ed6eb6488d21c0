import type { SubjectType } from './taskSpec';

/** Chinese names of the kinds of human step, as the inbox and the overdue view show them. */
export const TASK_KIND_LABELS: Readonly<Record<string, string>> = {
  VERIFY: '入户核实',
  VERIFICATION_ESCALATION: '核实逾期督办',
  DISPOSE: '分类处置',
  DELIBERATE: '一事一议',
  RECORD_ASSISTANCE: '落实救助政策',
  FOLLOW_UP: '转介/帮扶事项跟踪',
  FEEDBACK: '结果反馈',
  FIRST_AID_DOCUMENTATION: '先行救助补充说明',
  FIRST_AID_DOCUMENTATION_ESCALATION: '补充说明逾期督办',
  EMERGENCY_REVIEW: '急难救助乡镇审核',
  EMERGENCY_APPROVAL: '急难救助县级审批',
  INVESTIGATE_HOUSEHOLD: '家计调查',
  REVIEW_DECISION: '复核认定结果',
  RESOLVE_OBJECTIONS: '核查公示异议',
  APPROVE_APPLICATION: '审批救助申请',
  ANNUAL_REVIEW: '年审复核',
  CHANGE_REVIEW: '家庭情况变化复核',
  REVIEW_ESCALATION: '复核逾期督办',
  DATA_REQUEST: '申请共享比对数据',
  PUSH_ENROLMENTS_TO_AGRICULTURE: '推送新增整户保家庭',
  PUSH_MONITORING_OBJECTS_TO_CIVIL_AFFAIRS: '推送新增防止返贫监测对象',
  EXCHANGE_ESCALATION: '数据交换逾期督办',
  REFERRAL_ACCEPT: '受理部门转介',
  REFERRAL_RESULT: '反馈转介办理结果',
  REFERRAL_ESCALATION: '部门转介逾期督办',
  PROJECTION_FAILED: '数据写入失败核查',
};

export const SUBJECT_TYPE_LABELS: Readonly<Record<SubjectType, string>> = {
  CASE: '预警线索',
  APPLICATION: '救助申请',
  ENROLMENT: '救助对象',
  EMERGENCY: '急难社会救助',
  EXCHANGE: '月度数据交换',
  REFERRAL: '部门转介',
};
