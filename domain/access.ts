import { z } from 'zod';
import { Department } from './vocabulary';

/**
 * Who may do what, where (issue: access by role and region). Region codes are
 * prefixes (province 2, city 4, county 6, township 9 digits): a principal sees
 * and acts on what lies under their region. One pure function decides every
 * request; the API asks it before touching a subject.
 */
export const Role = z.enum([
  'TOWNSHIP_STAFF', // 乡镇/街道经办人员
  'COUNTY_SUPERVISOR', // 县/市民政 督办、审批
  'DEPARTMENT_OFFICER', // 相关部门经办人员 (with its department)
  'AUDITOR', // 审计、监督
  'ADMIN', // 系统管理员
]);
export type Role = z.infer<typeof Role>;

export const Principal = z.object({
  userId: z.string().min(1).max(64),
  role: Role,
  regionCode: z.string().regex(/^\d{2}(\d{2}){0,2}(\d{3})?$/),
  department: Department.optional(),
});
export type Principal = z.infer<typeof Principal>;

/** What a request wants to do. */
export type Access =
  /** Read one subject; `departments` are those it has referrals to. */
  | { kind: 'read'; region: string; departments?: readonly string[] }
  /** A step on a subject, or creating one in `region`. */
  | { kind: 'act'; action: string; region: string; departments?: readonly string[] }
  /** A list scoped by a region (inbox, overdue query). */
  | { kind: 'list'; region: string; department?: string | undefined }
  /** A subject's full history. */
  | { kind: 'audit'; region: string }
  /** Anyone signed in: reference data and what-if assessment (nothing personal, nothing written). */
  | { kind: 'general' }
  /** Policy data, calendar, imports. */
  | { kind: 'admin' };

export type Decision = 'ALLOW' | 'FORBIDDEN' | 'HIDDEN';

/** Steps only a county (or higher) may take: approvals, deliberation (seeds 001, 003, 004). */
const COUNTY_ACTIONS = new Set(['approve', 'reject', 'deliberate', 'import-enrolment', 'upload-feed']);
/** A department officer's steps: handling a referral to it (and revealing whom it helps), its exchange duties, uploading its own feed. */
const DEPARTMENT_ACTIONS = new Set(['report-result', 'complete-duty', 'accept', 'decline', 'reveal-id-number', 'upload-feed']);

const within = (p: Principal, region: string) => region.startsWith(p.regionCode);

/**
 * ALLOW, FORBIDDEN (403: the principal may not do this kind of thing here) or
 * HIDDEN (404: a subject outside their scope, answered as if it did not exist).
 */
export function decide(p: Principal, a: Access): Decision {
  if (p.role === 'ADMIN') return 'ALLOW';
  switch (a.kind) {
    case 'general':
      return 'ALLOW';
    case 'admin':
      return 'FORBIDDEN';
    case 'list':
      if (!within(p, a.region)) return 'FORBIDDEN';
      if (p.role === 'DEPARTMENT_OFFICER' && a.department !== p.department) return 'FORBIDDEN';
      return 'ALLOW';
    case 'read':
      if (!within(p, a.region)) return 'HIDDEN';
      if (p.role === 'DEPARTMENT_OFFICER') return a.departments?.includes(p.department ?? '') ? 'ALLOW' : 'HIDDEN';
      return 'ALLOW';
    case 'audit':
      if (!within(p, a.region)) return 'HIDDEN';
      return p.role === 'AUDITOR' || p.role === 'COUNTY_SUPERVISOR' ? 'ALLOW' : 'FORBIDDEN';
    case 'act': {
      if (!within(p, a.region)) return 'HIDDEN';
      if (p.role === 'AUDITOR') return 'FORBIDDEN';
      if (p.role === 'DEPARTMENT_OFFICER') {
        if (!a.departments?.includes(p.department ?? '')) return 'HIDDEN';
        return DEPARTMENT_ACTIONS.has(a.action) ? 'ALLOW' : 'FORBIDDEN';
      }
      if (COUNTY_ACTIONS.has(a.action) && p.role !== 'COUNTY_SUPERVISOR') return 'FORBIDDEN';
      return 'ALLOW';
    }
  }
}
