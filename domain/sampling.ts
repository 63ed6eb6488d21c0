import { createHash } from 'node:crypto';

/**
 * 双随机、一公开 (seed 001 (十一)): a reproducible random sample. Each member
 * of the population gets the key sha256(seed, member); the sample is the
 * `size` members with the smallest keys, so the same seed over the same
 * population draws the same sample whatever order the population comes in,
 * and anyone with the seed can redo the draw. Reviewers are shuffled the same
 * way and dealt round-robin over the sample (the second random), so each
 * reviewer gets a near-equal share.
 */
export interface Member {
  subjectType: string;
  subjectId: string;
}

export interface Drawn<M extends Member> {
  member: M;
  reviewer: string;
}

const key = (seed: string, ...parts: string[]) =>
  createHash('sha256').update([seed, ...parts].map((p) => `${Buffer.byteLength(p)}:${p}`).join(''), 'utf8').digest('hex');

const byKey = <T>(items: readonly T[], keyOf: (t: T) => string): T[] =>
  items.map((t) => [keyOf(t), t] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);

export function drawSample<M extends Member>(population: readonly M[], seed: string, size: number, reviewers: readonly string[]): Drawn<M>[] {
  if (reviewers.length === 0) throw new RangeError('at least one reviewer');
  const sample = byKey(population, (m) => key(seed, 'member', m.subjectType, m.subjectId)).slice(0, size);
  const dealer = byKey([...new Set(reviewers)], (r) => key(seed, 'reviewer', r));
  return sample.map((member, i) => ({ member, reviewer: dealer[i % dealer.length] as string }));
}
