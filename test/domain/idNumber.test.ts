import fc from 'fast-check';
import { idNumberCheckChar, idNumberProblem, maskIdNumber } from '../../domain/idNumber';

describe('GB 11643 citizen ID numbers', () => {
  it('accepts the standard example with check character X', () => {
    // The worked example of GB 11643-1999: 11010519491231002X.
    expect(idNumberProblem('11010519491231002X')).toBeNull();
  });

  it.each([
    ['11010519491231002', 'format'],
    ['11010519491231002x', 'format'],
    ['110105194902300021', 'birthDate'],
    ['110105194912310021', 'checksum'],
  ])('rejects %s (%s)', (id, problem) => {
    expect(idNumberProblem(id)).toBe(problem);
  });

  it('accepts any number whose check character is computed, and rejects every other check character', () => {
    const first17 = fc
      .tuple(fc.integer({ min: 110000, max: 659999 }), fc.integer({ min: 0, max: 20000 }), fc.integer({ min: 0, max: 999 }))
      .map(([region, day, seq]) => {
        const birth = new Date(Date.UTC(1940, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
        return `${region}${birth}${String(seq).padStart(3, '0')}`;
      });
    fc.assert(
      fc.property(first17, fc.constantFrom(...'0123456789X'), (body, check) => {
        const valid = check === idNumberCheckChar(body);
        expect(idNumberProblem(body + check) === null).toBe(valid);
      }),
    );
  });

  it('masks all but the region prefix and the last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });
});
