import { z } from 'zod';
import { DeliberateInput, DisposeInput, FeedbackInput, HardshipType, RecordAssistanceInput, ReferInput, ReportResultInput, VerifyInput, WarningSource } from '../../domain/caseSchemas';
import { calendarDate } from '../../domain/vocabulary';
import type { CaseAction } from '../../domain/caseMachine';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { idNumberProblem } from '../../domain/idNumber';
import { isTownship } from '../../domain/regions';

const ID_NUMBER_MESSAGES = {
  format: 'must be 17 digits and a check digit or X (GB 11643)',
  birthDate: 'birth date part is not a real date (GB 11643)',
  checksum: 'check digit does not match (GB 11643)',
} as const;

export const IdNumber = z.string().superRefine((value, ctx) => {
  const problem = idNumberProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: ID_NUMBER_MESSAGES[problem] });
});

export const TownshipCode = z
  .string()
  .refine(isTownship, 'must be a 9-digit township (乡镇/街道) code of the administrative divisions');

export const WarningRequest = z.object({
  source: WarningSource,
  sourceId: z.string().trim().min(1).max(128).describe('the clue, match or referral number in its source system'),
  idNumber: IdNumber.describe('citizen ID number of the person concerned'),
  townshipCode: TownshipCode,
  hardshipType: HardshipType,
  receivedOn: calendarDate
    .refine((d) => d <= shanghaiDateOf(Date.now()), 'must not be in the future')
    .describe('date the township received the warning (day 0 of the deadline)'),
  detail: z.string().trim().max(4000).default(''),
});
export type WarningRequest = z.infer<typeof WarningRequest>;

export const ACTION_SCHEMAS = {
  verify: VerifyInput,
  dispose: DisposeInput,
  deliberate: DeliberateInput,
  refer: ReferInput,
  'record-assistance': RecordAssistanceInput,
  'report-result': ReportResultInput,
  feedback: FeedbackInput,
} as const satisfies Record<CaseAction, z.ZodType>;

export const CaseIdParams = z.object({ id: z.string().regex(/^case-[0-9a-f]{32}$/, 'must be a case id') });
