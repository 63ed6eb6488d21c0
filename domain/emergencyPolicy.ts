import { z } from 'zod';

/**
 * Policy keys of emergency first aid (SPEC §4, §5; seed 004). All are local:
 * seed 004 sets the 1000-yuan limit for its prefecture; no seed sets the
 * documentation period, its reminder or the anti-splitting window, so the demo
 * values are documented defaults (db/demoPolicy/emergency.ts).
 */
export const EMERGENCY_POLICY_KEYS = {
  /** 先行救助 limit in fen, inclusive ("1000元以下", seed 004; 以下 includes the number, Civil Code art. 1259). */
  'emergency.firstAidLimitFen': z.number().int().min(0).max(100_000_000),
  /** Working days after the emergency by which a first-aid payment is documented (事后补充说明情况). */
  'emergency.documentationWorkingDays': z.number().int().min(1).max(60),
  /** How many working days before that due date the township is reminded (0: on the morning of the due date). */
  'emergency.documentationReminderWorkingDays': z.number().int().min(0).max(30),
  /** Calendar days, today included, over which one person's first-aid payments count towards the limit. */
  'emergency.splitWindowDays': z.number().int().min(1).max(366),
} as const;
