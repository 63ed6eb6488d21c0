import { z } from 'zod';
import { calendarDate } from './vocabulary';

/**
 * The steps of one application for assistance (一次申请、分类审核认定; seeds 001,
 * 003, 004): 家计调查, the engine's decision reviewed by staff, 公示, approval.
 */
const text = (max: number) => z.string().trim().min(1).max(max);

/** Who filed it: the person, or the village/community on their behalf (SPEC §2). */
export const ApplicationChannel = z.enum(['SELF', 'VILLAGE_ON_BEHALF', 'CASE_REFERRAL']);

/** Tiers a decision can propose for enrolment (SPEC §1); FANGFAN is decided by agriculture, not here. */
export const EnrolmentTier = z.enum(['TEKUN', 'DIBAO', 'DIBIAN', 'GANGZHI', 'QITA']);
export type EnrolmentTier = z.infer<typeof EnrolmentTier>;

export const ConfirmDecisionInput = z.object({ note: text(2000) });
export const OverrideDecisionInput = z.object({
  tier: EnrolmentTier.nullable().describe('null: propose no tier (reject)'),
  reason: z.string().trim().min(10, 'an override needs a written reason of at least 10 characters').max(4000),
});
export const RecordObjectionInput = z.object({ summary: text(4000), receivedOn: calendarDate });
export const ResolveObjectionsInput = z.object({
  upheld: z.boolean().describe('true: the objection stands and the household is investigated again'),
  finding: text(4000),
});
export const ApproveInput = z.object({
  startOn: calendarDate.describe('first month of assistance'),
  monthlyAmountFen: z.number().int().nonnegative().describe('monthly amount in fen'),
  note: z.string().trim().max(2000).default(''),
});
export const RejectInput = z.object({ reason: text(4000) });

export type ConfirmDecisionInput = z.infer<typeof ConfirmDecisionInput>;
export type OverrideDecisionInput = z.infer<typeof OverrideDecisionInput>;
export type RecordObjectionInput = z.infer<typeof RecordObjectionInput>;
export type ResolveObjectionsInput = z.infer<typeof ResolveObjectionsInput>;
export type ApproveInput = z.infer<typeof ApproveInput>;
export type RejectInput = z.infer<typeof RejectInput>;
