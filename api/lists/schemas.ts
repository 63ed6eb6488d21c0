import { z } from 'zod';
import { APPLICATION_KIND, type ApplicationState } from '../../domain/applicationMachine';
import { ApplicationChannel, EnrolmentTier } from '../../domain/applicationSchemas';
import { CASE_KIND, type CaseState } from '../../domain/caseMachine';
import { HardshipType, WarningSource } from '../../domain/caseSchemas';
import { Department } from '../../domain/vocabulary';
import { TIERS } from '../../domain/eligibility';
import { EMERGENCY_KIND, type EmergencyState } from '../../domain/emergencyMachine';
import { EmergencyKind } from '../../domain/emergencySchemas';
import { ENROLMENT_KIND, type EnrolmentState } from '../../domain/enrolmentMachine';
import { ListQuery, dateRange } from './listQuery';

/** The query of each list route: the shared filters (ListQuery) and the subject's own. */
const stateOf = <S extends string>(labels: Record<S, string>) =>
  z.enum(Object.keys(labels) as [S, ...S[]]).optional().describe('the subject is in this state');

export const CasesQuery = ListQuery.extend({
  state: stateOf<CaseState>(CASE_KIND.stateLabels),
  hardshipType: HardshipType.optional(),
  source: WarningSource.optional(),
  department: Department.optional().describe('referred to this department (a department officer must name their own)'),
  ...dateRange('received', 'received'),
});
export const ApplicationsQuery = ListQuery.extend({
  state: stateOf<ApplicationState>(APPLICATION_KIND.stateLabels),
  channel: ApplicationChannel.optional(),
  tier: z.enum(TIERS).optional().describe('the primary tier of the latest decision'),
  ...dateRange('received', 'received'),
});
export const EnrolmentsQuery = ListQuery.extend({
  state: stateOf<EnrolmentState>(ENROLMENT_KIND.stateLabels),
  tier: EnrolmentTier.optional(),
  origin: z.enum(['APPLICATION', 'IMPORT']).optional(),
  ...dateRange('start', 'enrolled from'),
});
export const EmergenciesQuery = ListQuery.extend({
  state: stateOf<EmergencyState>(EMERGENCY_KIND.stateLabels),
  kind: EmergencyKind.optional(),
  route: z.enum(['FIRST_AID', 'APPROVAL']).optional(),
  ...dateRange('occurred', 'happened'),
});
export const HouseholdsQuery = ListQuery.omit({ overdue: true, updatedFrom: true, updatedTo: true }).extend({
  tier: EnrolmentTier.optional().describe('with an enrolment of this tier still paid (ACTIVE or GRADUAL_EXIT)'),
});
