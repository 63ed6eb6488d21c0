import { SEED_003, type DemoPolicyRow } from './row';

export const VERIFICATION_POLICY: DemoPolicyRow[] = [
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
];
