import { z } from 'zod';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { calendarDate } from '../../domain/vocabulary';
import type { EmergencyAction } from '../../domain/emergencyMachine';
import { ApproveInput, DocumentInput, EmergencyKind, RejectInput, ReviewInput, amountFen } from '../../domain/emergencySchemas';
import { IdNumber, TownshipCode } from '../cases/schemas';

const today = () => shanghaiDateOf(Date.now());

export const EmergencyRequest = z.object({
  reportId: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .describe("the township's own number for this report: the same township and reportId are the same emergency, however often sent"),
  idNumber: IdNumber.describe('citizen ID number of the person in the emergency (any household registration)'),
  townshipCode: TownshipCode.describe('the township (乡镇/街道) where the emergency happened (急难发生地)'),
  kind: EmergencyKind,
  amountRequestedFen: amountFen.describe('aid asked for, in fen (分); 100000 = 1000 yuan'),
  occurredOn: calendarDate
    .refine((d) => d <= today(), 'must not be in the future')
    .default(today)
    .describe('the day the emergency happened (default today); day 0 of the documentation period'),
  description: z.string().trim().min(1).max(4000).describe('what happened and what is needed'),
  fromCase: z
    .object({ caseId: z.string().regex(/^case-[0-9a-f]{32}$/, 'must be a case id'), itemId: z.string().min(1).max(20) })
    .optional()
    .describe("the case's open TEMPORARY assistance item (临时救助) this emergency delivers; the item gets its result"),
});
export type EmergencyRequest = z.infer<typeof EmergencyRequest>;

export const EMERGENCY_ACTION_SCHEMAS = {
  document: DocumentInput,
  review: ReviewInput,
  approve: ApproveInput,
  reject: RejectInput,
} as const satisfies Record<EmergencyAction, z.ZodType>;

export const EmergencyIdParams = z.object({ id: z.string().regex(/^emergency-[0-9a-f]{32}$/, 'must be an emergency id') });
