import type { Household, HouseholdMember } from '../../domain/household';
import { idNumber } from './ids';

/** A member's facts when nothing is said: a working-age adult, no disability, illness or supporter. */
export const memberDefaults = (): Omit<HouseholdMember, 'idNumber' | 'relation'> => ({
  labourCapacity: 'FULL',
  disabilityGrade: null,
  seriousIllness: false,
  student: false,
  registeredUnemployed: false,
  legalSupporters: [],
});

type MemberSpec = Partial<Omit<HouseholdMember, 'idNumber'>> & { birth?: string; sequence?: number };

/** A member of the demo county with a valid ID number; a working-age adult unless told otherwise. */
export function member(spec: MemberSpec = {}): HouseholdMember {
  const { birth = '19700512', sequence = 101, ...rest } = spec;
  return {
    idNumber: idNumber(birth, sequence),
    relation: 'OTHER',
    ...memberDefaults(),
    ...rest,
  };
}

/**
 * A two-person household living on 1000.00元 of wages a month: 500.00元 per
 * person, under the demo 低保标准 (650.00元), no assets — a DIBAO household.
 */
export function dibaoHousehold(applicantIdNumber: string, overrides: Partial<Household> = {}): Household {
  return {
    members: [
      { ...member({ relation: 'APPLICANT' }), idNumber: applicantIdNumber },
      member({ relation: 'SPOUSE', birth: '19720303', sequence: 202 }),
    ],
    incomes: [{ kind: 'WAGES', amountFen: 100_000, period: 'MONTHLY' }],
    assets: { financialAssetsFen: 0, vehicleCount: 0, anyNonEssentialVehicle: false, extraHousingUnits: 0 },
    rigidExpenses: [],
    employmentCostsFen: 0,
    ...overrides,
  };
}
