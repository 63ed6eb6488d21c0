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
];
