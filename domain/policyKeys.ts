import { z } from 'zod';
import { ELIGIBILITY_POLICY_KEYS } from './eligibilityPolicy';
import { EMERGENCY_POLICY_KEYS } from './emergencyPolicy';
import { Department } from './vocabulary';
import { WARNING_POLICY_KEYS } from './warningRules';

/**
 * Local policy values (SPEC: numbers marked local), each with the schema its
 * value must satisfy. They live in the policy_values table per region and
 * effective date, never as constants in code. Each area declares its own keys.
 */
export const POLICY_KEYS = {
  /** Working days a township has to verify a warning clue on site (seed 003: 40). */
  'verification.workingDays': z.number().int().min(1).max(365),
  /** Calendar days an enrolment proposal is publicized (公示) before approval; local, no seed fixes it. */
  'application.publicityDays': z.number().int().min(1).max(60),
  /** Days before the enrolment anniversary the annual review (年审/复核, seed 003) opens. */
  'review.leadDays': z.number().int().min(0).max(180),
  /** Working days a township has to review an enrolment after a reported change of circumstances. */
  'review.changeWorkingDays': z.number().int().min(1).max(120),
  /** Months payments continue in a gradual exit (渐退, seed 003); local. */
  'exit.gradualMonths': z.number().int().min(1).max(24),
  /** Months a household stays monitored after exit (两年内…退出, seed 001 item 6: 24). */
  'exit.monitoringMonths': z.number().int().min(0).max(120),
  /** Day of the month by which departments apply for shared data (每月10日前, seed 003: 10). */
  'exchange.dataRequestDayOfMonth': z.number().int().min(1).max(28),
  /** Working days a department has to handle a referral, per department ('*': any other); local. */
  'referral.workingDays': z.partialRecord(z.union([Department, z.literal('*')]), z.number().int().min(1).max(120))
    .refine((days) => days['*'] !== undefined, "needs a '*' value for the other departments"),
  ...ELIGIBILITY_POLICY_KEYS,
  ...EMERGENCY_POLICY_KEYS,
  ...WARNING_POLICY_KEYS,
} as const;

export type PolicyKey = keyof typeof POLICY_KEYS;
export type PolicyValue<K extends PolicyKey> = z.infer<(typeof POLICY_KEYS)[K]>;
