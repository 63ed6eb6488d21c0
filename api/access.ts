import type { Access } from '../domain/access';
import type { SubjectType } from '../domain/taskSpec';
import type { ApiDeps } from './deps';
import { notFound } from './errors';

export type ScopedSubject = SubjectType | 'HOUSEHOLD';

const SCOPE_QUERIES: Record<ScopedSubject, string> = {
  CASE: `SELECT township_code AS region, coalesce((SELECT array_agg(i->>'referTo') FROM jsonb_array_elements(context->'items') i), '{}') AS departments FROM cases WHERE case_id = $1`,
  APPLICATION: `SELECT township_code AS region, '{}'::text[] AS departments FROM applications WHERE application_id = $1`,
  ENROLMENT: `SELECT township_code AS region, '{}'::text[] AS departments FROM enrolments WHERE enrolment_id = $1`,
  EMERGENCY: `SELECT township_code AS region, '{}'::text[] AS departments FROM emergencies WHERE emergency_id = $1`,
  EXCHANGE: `SELECT county_code AS region, '{}'::text[] AS departments FROM exchanges WHERE exchange_id = $1`,
  REFERRAL: `SELECT township_code AS region, ARRAY[department] AS departments FROM referrals WHERE referral_id = $1`,
  HOUSEHOLD: `SELECT township_code AS region, '{}'::text[] AS departments FROM households WHERE household_id = $1`,
};

/** Where a subject lives, and which departments it has referrals to: what access to it is decided on. */
export async function scopeOf(deps: ApiDeps, type: ScopedSubject, id: string): Promise<{ region: string; departments: string[] }> {
  const [row] = await deps.db.query<{ region: string | null; departments: string[] }>(SCOPE_QUERIES[type], [id]);
  if (!row?.region) throw notFound(`${type.toLowerCase()} ${id}`);
  return { region: row.region, departments: row.departments };
}

/** Access rules for the routes of one kind of subject addressed by `:id`. */
export function subjectAccess(deps: ApiDeps, type: ScopedSubject) {
  const scope = (input: { params: unknown }) => scopeOf(deps, type, (input.params as { id: string }).id);
  return {
    read: async (input: { params: unknown }): Promise<Access> => ({ kind: 'read', ...(await scope(input)) }),
    audit: async (input: { params: unknown }): Promise<Access> => ({ kind: 'audit', region: (await scope(input)).region }),
    act: (action: string) => async (input: { params: unknown }): Promise<Access> => ({ kind: 'act', action, ...(await scope(input)) }),
  };
}

/** Creating a subject in a region (a warning, an application, an emergency report). */
export const createIn = (action: string, region: string): Access => ({ kind: 'act', action, region });
export const GENERAL: Access = { kind: 'general' };
export const ADMIN: Access = { kind: 'admin' };
