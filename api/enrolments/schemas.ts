import { z } from 'zod';
import { EnrolmentTier } from '../../domain/applicationSchemas';
import type { EnrolmentAction } from '../../domain/enrolmentMachine';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { calendarDate } from '../../domain/vocabulary';
import { IdNumber, TownshipCode } from '../cases/schemas';

/** A recipient enrolled before aidloop (存量救助对象), imported so their reviews and exit run here. */
export const ImportEnrolmentRequest = z.object({
  reference: z.string().trim().min(1).max(128).describe('the enrolment number in the previous system; the same one again is the same enrolment'),
  applicantIdNumber: IdNumber,
  townshipCode: TownshipCode,
  tier: EnrolmentTier,
  startOn: calendarDate.refine((d) => d <= shanghaiDateOf(Date.now()), 'must not be in the future').describe('when the assistance began: its anniversaries are the annual reviews'),
  monthlyAmountFen: z.number().int().nonnegative(),
});
export type ImportEnrolmentRequest = z.infer<typeof ImportEnrolmentRequest>;

export const ReportChangeInput = z.object({
  summary: z.string().trim().min(1).max(4000).describe('the change of circumstances (收入、人口、财产、支出变化); triggers an early review'),
});

export const CompleteReviewInput = z
  .object({
    outcome: z.enum(['CONTINUE', 'GRADUAL_EXIT', 'EXIT']),
    reason: z.string().trim().min(1).max(4000),
    tier: EnrolmentTier.optional().describe('CONTINUE: a new tier'),
    monthlyAmountFen: z.number().int().nonnegative().optional().describe('CONTINUE: a new monthly amount in fen'),
    exitReason: z.enum(['IMPROVED', 'NO_LONGER_ELIGIBLE', 'DECEASED', 'MOVED_AWAY', 'OTHER']).optional()
      .describe('GRADUAL_EXIT/EXIT: why; IMPROVED (家庭经济条件好转) keeps the household a 其他困难人员 candidate for two years'),
  })
  .superRefine((v, ctx) => {
    if (v.outcome !== 'CONTINUE' && !v.exitReason) ctx.addIssue({ code: 'custom', path: ['exitReason'], message: 'an exit needs exitReason' });
    if (v.outcome !== 'CONTINUE' && (v.tier || v.monthlyAmountFen !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'tier and monthlyAmountFen only go with CONTINUE' });
    }
  });

export const ACTION_SCHEMAS = {
  'report-change': ReportChangeInput,
  'complete-review': CompleteReviewInput,
} as const satisfies Record<EnrolmentAction, z.ZodType>;

export const EnrolmentIdParams = z.object({ id: z.string().regex(/^enr-[0-9a-f]{32}$/, 'must be an enrolment id') });
