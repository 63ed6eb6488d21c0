import { loadEnv } from '../config/env';
import { createDb, type Db } from './pool';
import type { DemoPolicyRow } from './demoPolicy/row';
import { TIMED_DUTY_POLICY } from './demoPolicy/timedDuties';
import { ELIGIBILITY_POLICY } from './demoPolicy/eligibility';
import { EMERGENCY_POLICY } from './demoPolicy/emergency';
import { WARNING_RULES_POLICY } from './demoPolicy/warningRules';

/**
 * Demo policy data for the demo county 汨罗市 (430681, seed 003), one file per
 * area under demoPolicy/, with national fallbacks where a rule is not only
 * local. Amounts are invented demo values and say so. Idempotent: rows are
 * keyed by (region, key, effective date) and left alone when present, so an
 * administrator's later changes are never overwritten.
 */
export const DEMO_POLICY: DemoPolicyRow[] = [...TIMED_DUTY_POLICY, ...ELIGIBILITY_POLICY, ...EMERGENCY_POLICY, ...WARNING_RULES_POLICY];

export async function seedDemoPolicy(db: Db): Promise<void> {
  for (const p of DEMO_POLICY) {
    await db.query(
      `INSERT INTO policy_values (region_prefix, key, value, effective_from, source, note) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (region_prefix, key, effective_from) DO NOTHING`,
      [p.regionPrefix, p.key, JSON.stringify(p.value), p.effectiveFrom, p.source, p.note],
    );
  }
}

if (require.main === module) {
  const db = createDb(loadEnv().DATABASE_URL);
  seedDemoPolicy(db)
    .then(() => console.log('[aidloop] demo policy data seeded'))
    .catch((err: unknown) => {
      console.error('[aidloop] seeding failed:', err instanceof Error ? err.message : err);
      process.exitCode = 1;
    })
    .finally(() => db.close());
}
