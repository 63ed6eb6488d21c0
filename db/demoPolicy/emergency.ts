import type { DemoPolicyRow } from './row';

export const SEED_004 = '004_eb8ff2c2deadb8db.txt (云南某州贯彻云民发〔2024〕25号实施方案)';
const AIDLOOP_DEFAULT = 'aidloop default: no seed sets this number; replace with the local rule';
/** Seed 004 implements 云民发〔2024〕25号; its own date is not in the text, so its rule applies from 2024. */
const FROM_2024 = '2024-01-01';

/**
 * Emergency first aid (急难社会救助 先行救助), national fallback rows. Only the
 * limit comes from a seed; the other numbers are defaults chosen here and say so.
 */
export const EMERGENCY_POLICY: DemoPolicyRow[] = [
  {
    regionPrefix: '',
    key: 'emergency.firstAidLimitFen',
    value: 100_000,
    effectiveFrom: FROM_2024,
    source: SEED_004,
    note: '对救助金额为1000元以下的可实行“先行救助”，事后补充说明情况 (seed 004 七); 以下 includes 1000 yuan itself (民法典 1259)',
  },
  {
    regionPrefix: '',
    key: 'emergency.documentationWorkingDays',
    value: 5,
    effectiveFrom: FROM_2024,
    source: AIDLOOP_DEFAULT,
    note: '事后补充说明情况 within 5 working days of the emergency: one working week, while the facts are fresh and '
      + 'the township can still visit; short against the 40 working days of a whole on-site verification (seed 003), '
      + 'since first aid is small and paid on the spot',
  },
  {
    regionPrefix: '',
    key: 'emergency.documentationReminderWorkingDays',
    value: 1,
    effectiveFrom: FROM_2024,
    source: AIDLOOP_DEFAULT,
    note: 'remind the township on the morning of the working day before the documentation is due: a full working day left',
  },
  {
    regionPrefix: '',
    key: 'emergency.splitWindowDays',
    value: 30,
    effectiveFrom: FROM_2024,
    source: AIDLOOP_DEFAULT,
    note: 'one person\'s first aid over the last 30 days (today included) counts towards the 先行救助 limit, so one need '
      + 'split into small requests goes to normal approval; a month matches the monthly rhythm of assistance payments',
  },
];
