import { z } from 'zod';
import { isCalendarDate } from './calendarDate';

/**
 * Words every subject uses (cases, applications, emergencies, …), so no
 * subject's own schema file is everyone's dependency.
 */

export const calendarDate = z.string().refine(isCalendarDate, { message: 'must be a calendar date YYYY-MM-DD', abort: true });

/** Departments that own a kind of assistance (seed 003 四、职责分工). */
export const Department = z.enum([
  'MEDICAL_INSURANCE', // 医保
  'HEALTH', // 卫健
  'EDUCATION', // 教育（教体）
  'HUMAN_RESOURCES', // 人社
  'HOUSING', // 住建
  'EMERGENCY_MANAGEMENT', // 应急
  'DISABLED_PERSONS_FEDERATION', // 残联
  'AGRICULTURE', // 农业农村
  'TRADE_UNION', // 总工会
  'WATER_RESOURCES', // 水利
  'CIVIL_AFFAIRS', // 民政
  'PUBLIC_SECURITY', // 公安 (户籍、死亡信息)
]);
export type Department = z.infer<typeof Department>;

/** Who did it: every step records the acting user and region (SPEC §7). */
export const Actor = z.object({
  userId: z.string().trim().min(1).max(64),
  regionCode: z.string().regex(/^\d{2}(\d{2}){0,2}(\d{3})?$/, 'must be a region code of 2, 4, 6 or 9 digits'),
  /** The role the step was taken in (from the bearer token); absent for the system's own steps. */
  role: z.string().optional(),
});
export type Actor = z.infer<typeof Actor>;
