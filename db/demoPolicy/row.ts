import type { PolicyKey } from '../../domain/policyKeys';

/** One effective-dated policy value; regionPrefix '' applies everywhere. */
export interface DemoPolicyRow {
  regionPrefix: string;
  key: PolicyKey;
  value: unknown;
  effectiveFrom: string;
  source: string;
  note: string;
}

export const SEED_003 = '003_408e59f389c92afc.txt (汨民发〔2025〕9号, 汨罗市)';
