import { ageOn, birthDateOf, Household, sexOf } from '../../domain/household';
import { memberDefaults } from '../support/households';
import { idNumber } from '../support/ids';

const idNumberFor = (birthDate: string, sequence = 1) => idNumber(birthDate, sequence);

const member = (id: string, relation = 'APPLICANT') => ({ ...memberDefaults(), idNumber: id, relation });

const household = (overrides: Record<string, unknown> = {}) => ({
  members: [member(idNumberFor('1980-05-05'))],
  incomes: [],
  assets: { financialAssetsFen: 0, vehicleCount: 0, anyNonEssentialVehicle: false, extraHousingUnits: 0 },
  rigidExpenses: [],
  employmentCostsFen: 0,
  ...overrides,
});

function problems(value: unknown): string[] {
  const result = Household.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('household schema', () => {
  it('accepts a minimal household and normalizes a lower-case check character', () => {
    const sequence = Array.from({ length: 999 }, (_, i) => i + 1).find((s) => idNumberFor('1990-01-01', s).endsWith('X'));
    const id = idNumberFor('1990-01-01', sequence);
    const parsed = Household.parse(household({ members: [member(` ${id.toLowerCase()} `)] }));
    expect(parsed.members[0]?.idNumber).toBe(id);
  });

  it('rejects an ID number with a wrong check character', () => {
    const id = idNumberFor('1990-01-01');
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(problems(household({ members: [member(wrong)] }))).toEqual(['members.0.idNumber: not a valid citizen ID number (checksum)']);
  });

  it('requires exactly one applicant and no person twice', () => {
    const a = idNumberFor('1980-01-01');
    expect(problems(household({ members: [member(a, 'SPOUSE')] }))).toEqual(['members: exactly one APPLICANT is required, found 0']);
    expect(problems(household({ members: [member(a), member(a, 'SPOUSE')] }))).toEqual(['members.1.idNumber: the same person is listed twice']);
  });

  it('rejects a member index that names no member', () => {
    expect(problems(household({ incomes: [{ kind: 'WAGES', amountFen: 1, period: 'MONTHLY', memberIndex: 1 }] }))).toEqual([
      'incomes.0.memberIndex: no such member',
    ]);
    expect(problems(household({ rigidExpenses: [{ kind: 'MEDICAL', amountFen: 1, memberIndex: 3 }] }))).toEqual([
      'rigidExpenses.0.memberIndex: no such member',
    ]);
  });

  it('rejects fields it does not ask for, so no name or other extra personal data is taken in', () => {
    expect(problems(household({ members: [{ ...member(idNumberFor('1980-01-01')), name: '张三' }] }))).toHaveLength(1);
  });

  it('rejects fractional and negative money', () => {
    expect(problems(household({ employmentCostsFen: 1.5 }))).toHaveLength(1);
    expect(problems(household({ incomes: [{ kind: 'WAGES', amountFen: -1, period: 'ANNUAL' }] }))).toHaveLength(1);
  });

  it('accepts disability grades 1–4 or null only', () => {
    expect(problems(household({ members: [{ ...member(idNumberFor('1980-01-01')), disabilityGrade: 5 }] }))).toHaveLength(1);
    expect(problems(household({ members: [{ ...member(idNumberFor('1980-01-01')), disabilityGrade: 2 }] }))).toEqual([]);
  });

  it('validates history dates', () => {
    expect(problems(household({ history: { rejectedApplicationsOn: ['2025-02-30'] } }))).toHaveLength(1);
    expect(problems(household({ history: { exitedAsImprovedOn: ['2025-02-28'], hardshipWorker: true } }))).toEqual([]);
  });
});

describe('facts derived from the ID number', () => {
  it('reads birth date and sex', () => {
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31');
    expect(sexOf('11010519491231002X')).toBe('FEMALE');
    expect(sexOf(idNumberFor('1980-05-05', 1))).toBe('MALE');
  });

  it.each([
    ['2010-06-15', '2026-06-14', 15],
    ['2010-06-15', '2026-06-15', 16],
    ['1966-01-01', '2025-12-31', 59],
    ['1966-01-01', '2026-01-01', 60],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2008-02-29', '2028-02-29', 20],
  ])('born %s, on %s aged %i (周岁)', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });
});
