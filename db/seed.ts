import { loadEnv } from '../config/env';
import { createDb, type Db } from './pool';

/**
 * Demo policy data for the demo county 汨罗市 (430681, seed 003) and a national
 * fallback so that any township can receive warnings. Idempotent: rows are
 * keyed by (region, key, effective date) and left alone when present, so an
 * administrator's later changes are never overwritten.
 */
const SEED_003 = '003_408e59f389c92afc.txt (汨民发〔2025〕9号, 汨罗市)';

export const DEMO_POLICY = [
  {
    regionPrefix: '',
    key: 'verification.workingDays',
    value: 40,
    effectiveFrom: '2025-09-19',
    source: SEED_003,
    note: 'fallback for regions without their own rule: the 40-working-day verification of provincial clues',
  },
  {
    regionPrefix: '430681',
    key: 'verification.workingDays',
    value: 40,
    effectiveFrom: '2025-09-19',
    source: SEED_003,
    note: '镇(街道)要在收到预警信息线索40个工作日内入户核实',
  },
];

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
