import type { CalendarDate } from '../domain/calendarDate';
import { POLICY_KEYS, type PolicyKey, type PolicyValue } from '../domain/policyKeys';
import type { Db } from './pool';

export class MissingPolicyError extends Error {
  constructor(readonly key: PolicyKey, readonly regionCode: string, readonly onDate: CalendarDate) {
    super(`no policy value ${key} applies to region ${regionCode} on ${onDate}`);
  }
}

export interface ResolvedPolicies<K extends PolicyKey> {
  values: { [P in K]: PolicyValue<P> };
  /** Which row each value came from, so a decision can say which policy version it applied. */
  versions: Record<K, string>;
}

/**
 * The values in force for a region on a date: for each key the longest
 * matching region prefix ('' = everywhere), then the latest effective date
 * not after `onDate`. Every key must resolve.
 */
export async function policyValues<K extends PolicyKey>(db: Db, keys: readonly K[], regionCode: string, onDate: CalendarDate): Promise<ResolvedPolicies<K>> {
  const rows = await db.query<{ policy_id: string; key: K; region_prefix: string; effective_from: string; value: unknown }>(
    `SELECT DISTINCT ON (key) policy_id, key, region_prefix, effective_from, value FROM policy_values
      WHERE key = ANY($1::text[]) AND starts_with($2, region_prefix) AND effective_from <= $3
      ORDER BY key, length(region_prefix) DESC, effective_from DESC`,
    [keys, regionCode, onDate],
  );
  const values = {} as ResolvedPolicies<K>['values'];
  const versions = {} as Record<K, string>;
  for (const key of keys) {
    const row = rows.find((r) => r.key === key);
    if (!row) throw new MissingPolicyError(key, regionCode, onDate);
    values[key] = POLICY_KEYS[key].parse(row.value) as PolicyValue<K>;
    versions[key] = `${key}@${row.region_prefix || '*'}/${row.effective_from}#${row.policy_id}`;
  }
  return { values, versions };
}

/** One value in force, with its version. */
export async function policyValue<K extends PolicyKey>(db: Db, key: K, regionCode: string, onDate: CalendarDate) {
  const { values, versions } = await policyValues(db, [key], regionCode, onDate);
  return { value: values[key], version: versions[key] };
}
