import { z } from 'zod';
import { IdNumber } from '../cases/schemas';
import { PageQuery } from '../pagination';
import { RegionCode } from '../regionQuery';

export const StaffRelation = z.enum(['SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD', 'IN_LAW', 'OTHER']);
export type StaffRelation = z.infer<typeof StaffRelation>;

/** 近亲属备案: a relative of a staff member, on record so that the staff member steps aside (回避). */
export const StaffRelativeRequest = z.object({
  staffUserId: z.string().trim().min(1).max(64).describe('the staff member (the userId of their token)'),
  relativeIdNumber: IdNumber.describe('citizen ID number of the relative (stored only in the person registry; answered masked)'),
  relation: StaffRelation,
});

export const StaffRelativesQuery = z.object({
  staff: z.string().trim().min(1).max(64).describe('the staff member (userId)'),
});

/** 公示 lists a township or a whole county. */
export const PublicityQuery = z.object({
  region: RegionCode.refine((r) => r.length === 6 || r.length === 9, 'must be a county (6 digits) or a township (9 digits)'),
});

/** Relatives of staff who currently receive assistance, under a region, a page at a time. */
export const RelativesReceivingQuery = PageQuery.extend({
  region: RegionCode.describe('county or township (or higher) whose enrolments are listed'),
});

export const CheckpointParams = z.object({
  id: z.string().regex(/^(\d{1,18}|latest)$/, 'must be a checkpoint id or "latest"'),
});
