import type { CalendarDate } from '../domain/calendarDate';
import { POLICY_KEYS, type PolicyKey, type PolicyValue } from '../domain/policyKeys';
import type { Db } from './pool';

export interface ResolvedPolicy<K extends PolicyKey> {
  value: PolicyValue<K>;
  /** Identifies the row used, so a decision can say which policy version it applied. */
  version: string;
}

export class MissingPolicyError extends Error {
  constructor(readonly key: PolicyKey, readonly regionCode: string, readonly onDate: CalendarDate) {
    super(`no policy value ${key} applies to region ${regionCode} on ${onDate}`);
  }
}

/** The value in force for a region on a date: the longest matching region prefix, then the latest effective date. */
export async function policyValue<K extends PolicyKey>(db: Db, key: K, regionCode: string, onDate: CalendarDate): Promise<ResolvedPolicy<K>> {
  const rows = await db.query<{ policy_id: string; region_prefix: string; effective_from: string; value: unknown }>(
    `SELECT policy_id, region_prefix, effective_from, value FROM policy_values
      WHERE key = $1 AND starts_with($2, region_prefix) AND effective_from <= $3
      ORDER BY length(region_prefix) DESC, effective_from DESC LIMIT 1`,
    [key, regionCode, onDate],
  );
  const row = rows[0];
  if (!row) throw new MissingPolicyError(key, regionCode, onDate);
  const value = POLICY_KEYS[key].parse(row.value) as PolicyValue<K>;
  return { value, version: `${key}@${row.region_prefix || '*'}/${row.effective_from}#${row.policy_id}` };
}
