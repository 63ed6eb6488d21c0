import { z } from 'zod';

/**
 * The vocabulary of emergency aid (急难社会救助, SPEC §4; seeds 004, 002, 000):
 * the kinds of emergency and the payload of every human step. As with
 * caseSchemas.ts these zod schemas are the single source of truth for the API,
 * the machine's types and OpenAPI.
 */

/** What happened (seed 004 七: 突发性、紧迫性、灾难性困难; 生活无着流浪乞讨人员救助). */
export const EmergencyKind = z.enum([
  'ILLNESS_OR_INJURY', // 突发重病、意外伤害
  'ACCIDENT', // 交通事故等意外事故
  'DISASTER', // 自然灾害
  'FIRE', // 火灾
  'DEATH_IN_FAMILY', // 家庭成员死亡
  'HOMELESS_OR_STRANDED', // 生活无着（流浪乞讨、在外临时遇困）
  'OTHER',
]);
export type EmergencyKind = z.infer<typeof EmergencyKind>;

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Money in integer fen. The upper bound is a sanity check against a mistyped
 * amount (1,000,000 yuan), not a policy: limits are policy data.
 */
export const amountFen = z.number().int().positive().max(100_000_000).describe('amount in fen (分), a positive integer');

/** 事后补充说明情况: the township writes down the circumstances of a first-aid payment. */
export const DocumentInput = z.object({
  circumstances: text(4000).describe('the circumstances of the emergency and of the aid given (事后补充说明情况)'),
});

/** The township's review (乡镇审核) of an emergency above the first-aid limit. */
export const ReviewInput = z.object({
  findings: text(4000).describe('what the township found (核实情况)'),
  recommendedAmountFen: z.number().int().nonnegative().max(100_000_000)
    .describe('the amount the township proposes, in fen; 0 when it proposes no aid'),
});

/** The county's approval (县级审批): payment follows at once. */
export const ApproveInput = z.object({
  approvedAmountFen: amountFen.describe('the amount approved and paid, in fen'),
  opinion: text(2000).describe('审批意见'),
});

export const RejectInput = z.object({
  reason: text(2000).describe('why no aid is given (不予救助理由)'),
});

export type DocumentInput = z.infer<typeof DocumentInput>;
export type ReviewInput = z.infer<typeof ReviewInput>;
export type ApproveInput = z.infer<typeof ApproveInput>;
export type RejectInput = z.infer<typeof RejectInput>;

/** Why a payment was made: paid first within the limit, or after approval. */
export type PaymentBasis = 'FIRST_AID' | 'APPROVED';
