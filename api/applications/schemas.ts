import { z } from 'zod';
import type { ApplicationAction } from '../../domain/applicationMachine';
import {
  ApplicationChannel,
  ApproveInput,
  ConfirmDecisionInput,
  OverrideDecisionInput,
  RecordObjectionInput,
  RejectInput,
  ResolveObjectionsInput,
} from '../../domain/applicationSchemas';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { calendarDate } from '../../domain/vocabulary';
import { Household } from '../../domain/household';
import { IdNumber, TownshipCode } from '../cases/schemas';

export const ApplicationRequest = z.object({
  reference: z.string().trim().min(1).max(128).describe('受理编号: the same reference at the same township is the same application'),
  applicantIdNumber: IdNumber,
  townshipCode: TownshipCode,
  channel: ApplicationChannel.describe('SELF, VILLAGE_ON_BEHALF (村/社区代为申请) or CASE_REFERRAL (协助申办)'),
  receivedOn: calendarDate.refine((d) => d <= shanghaiDateOf(Date.now()), 'must not be in the future'),
  fromCase: z
    .object({ caseId: z.string().regex(/^case-[0-9a-f]{32}$/, 'must be a case id'), itemId: z.string().min(1).max(20) })
    .optional()
    .describe('the case referral (to APPLICATION) this application answers; required for CASE_REFERRAL'),
}).refine((a) => (a.channel === 'CASE_REFERRAL') === (a.fromCase !== undefined), {
  path: ['fromCase'],
  message: 'fromCase is required with channel CASE_REFERRAL and only then',
});
export type ApplicationRequest = z.infer<typeof ApplicationRequest>;

/** What the township records in the 家计调查: the household as verified, and its evidence. */
export const RecordInvestigationInput = z.object({
  household: Household,
  evidence: z.string().trim().min(1).max(8000).describe('evidence notes: visits, certificates, bank and registry checks'),
});

export const ACTION_SCHEMAS = {
  'record-investigation': RecordInvestigationInput,
  'confirm-decision': ConfirmDecisionInput,
  'override-decision': OverrideDecisionInput,
  'record-objection': RecordObjectionInput,
  'resolve-objections': ResolveObjectionsInput,
  approve: ApproveInput,
  reject: RejectInput,
} as const satisfies Record<ApplicationAction, z.ZodType>;

export const ApplicationIdParams = z.object({ id: z.string().regex(/^app-[0-9a-f]{32}$/, 'must be an application id') });

export const AssessRequest = z.object({
  townshipCode: TownshipCode,
  assessedOn: calendarDate.optional().describe('the date whose policy applies (default: today, Asia/Shanghai)'),
  household: Household,
});
