import { SEED_003, type DemoPolicyRow } from './row';

/** Deadlines and periods of the timed duties (SPEC §5). */
export const TIMED_DUTY_POLICY: DemoPolicyRow[] = [
  {
    regionPrefix: '',
    key: 'verification.workingDays',
    value: 40,
    effectiveFrom: '2025-09-19',
    source: SEED_003,
    note: 'fallback for regions without their own rule: the 40-working-day verification of provisional clues',
  },
  {
    regionPrefix: '430681',
    key: 'verification.workingDays',
    value: 40,
    effectiveFrom: '2025-09-19',
    source: SEED_003,
    note: '镇(街道)要在收到预警信息线索40个工作日内入户核实',
  },
  {
    regionPrefix: '',
    key: 'application.publicityDays',
    value: 7,
    effectiveFrom: '2025-01-01',
    source: 'demo',
    note: 'demo value: 公示 of an enrolment proposal for 7 days (阳光公示, seed 003 三(五)1; the seeds fix no duration)',
  },
  {
    regionPrefix: '',
    key: 'review.leadDays',
    value: 30,
    effectiveFrom: '2025-01-01',
    source: 'demo',
    note: 'demo value: the annual review (每年开展一次社会救助年审和复核, seed 003) opens 30 days before the enrolment anniversary, which is its due date',
  },
  {
    regionPrefix: '',
    key: 'review.changeWorkingDays',
    value: 10,
    effectiveFrom: '2025-01-01',
    source: 'demo',
    note: 'demo value: a reported change of circumstances is reviewed within 10 working days',
  },
  {
    regionPrefix: '',
    key: 'exit.gradualMonths',
    value: 6,
    effectiveFrom: '2025-01-01',
    source: 'demo',
    note: 'demo value: 渐退 keeps payments for 6 months (seed 003 分类落实渐退政策 fixes no length)',
  },
  {
    regionPrefix: '',
    key: 'exit.monitoringMonths',
    value: 24,
    effectiveFrom: '2025-01-01',
    source: '001_9237fe14a555ec89.txt',
    note: '两年内因家庭经济条件好转退出救助范围 stay monitored as 其他困难人员 (seed 001 item 6)',
  },
  {
    regionPrefix: '',
    key: 'exchange.dataRequestDayOfMonth',
    value: 10,
    effectiveFrom: '2025-09-19',
    source: '003_408e59f389c92afc.txt',
    note: '相关社会救助管理部门…每月10日前向需要提供数据的单位申请共享数据 (seed 003 三(二)2)',
  },
];
