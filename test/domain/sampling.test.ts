import fc from 'fast-check';
import { drawSample } from '../../domain/sampling';

const member = fc.record({ subjectType: fc.constantFrom('CASE', 'ENROLMENT'), subjectId: fc.string({ minLength: 1, maxLength: 12 }) });
const population = fc.uniqueArray(member, { selector: (m) => `${m.subjectType}/${m.subjectId}`, maxLength: 60 });
const reviewers = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 });

describe('双随机 draw', () => {
  it('is reproducible, independent of input order, and draws min(size, population) distinct members', () => {
    fc.assert(fc.property(population, fc.string(), fc.integer({ min: 1, max: 80 }), reviewers, (pop, seed, size, revs) => {
      const a = drawSample(pop, seed, size, revs);
      const b = drawSample([...pop].reverse(), seed, size, [...revs].reverse());
      expect(b).toEqual(a);
      expect(a).toHaveLength(Math.min(size, pop.length));
      expect(new Set(a.map((d) => `${d.member.subjectType}/${d.member.subjectId}`)).size).toBe(a.length);
      for (const d of a) expect(revs).toContain(d.reviewer);
    }));
  });

  it('deals reviewers evenly: shares differ by at most one', () => {
    fc.assert(fc.property(population, fc.string(), reviewers, (pop, seed, revs) => {
      const shares = new Map<string, number>();
      for (const d of drawSample(pop, seed, pop.length, revs)) shares.set(d.reviewer, (shares.get(d.reviewer) ?? 0) + 1);
      const counts = revs.map((r) => shares.get(r) ?? 0);
      if (pop.length >= revs.length) expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }));
  });

  it('another seed draws another sample', () => {
    const pop = Array.from({ length: 100 }, (_, i) => ({ subjectType: 'CASE', subjectId: `case-${i}` }));
    const ids = (seed: string) => drawSample(pop, seed, 10, ['甲']).map((d) => d.member.subjectId);
    expect(ids('2026-11-a')).toEqual(ids('2026-11-a'));
    expect(ids('2026-11-a')).not.toEqual(ids('2026-11-b'));
  });
});
