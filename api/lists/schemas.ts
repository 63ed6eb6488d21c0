import { z } from 'zod';
import { APPLICATION_STATE_LABELS, type ApplicationState } from '../../domain/applicationMachine';
import { ApplicationChannel, EnrolmentTier } from '../../domain/applicationSchemas';
import { CASE_STATE_LABELS, type CaseState } from '../../domain/caseMachine';
import { Department, HardshipType, WarningSource } from '../../domain/caseSchemas';
import { TIERS } from '../../domain/eligibility';
import { EMERGENCY_STATE_LABELS, type EmergencyState } from '../../domain/emergencyMachine';
import { EmergencyKind } from '../../domain/emergencySchemas';
import { ENROLMENT_STATE_LABELS, type EnrolmentState } from '../../domain/enrolmentMachine';
import { ListQuery, dateRange } from './listQuery';

/** The query of each list route: the shared filters (ListQuery) and the subject's own. */
const stateOf = <S extends string>(labels: Record<S, string>) =>
  z.enum(Object.keys(labels) as [S, ...S[]]).optional().describe('the subject is in this state');

export const CasesQuery = ListQuery.extend({
  state: stateOf<CaseState>(CASE_STATE_LABELS),
  hardshipType: HardshipType.optional(),
  source: WarningSource.optional(),
  department: Department.optional().describe('referred to this department (a department officer must name their own)'),
  ...dateRange('received', 'received'),
});
export const ApplicationsQuery = ListQuery.extend({
  state: stateOf<ApplicationState>(APPLICATION_STATE_LABELS),
  channel: ApplicationChannel.optional(),
  tier: z.enum(TIERS).optional().describe('the primary tier of the latest decision'),
  ...dateRange('received', 'received'),
});
export const EnrolmentsQuery = ListQuery.extend({
  state: stateOf<EnrolmentState>(ENROLMENT_STATE_LABELS),
  tier: EnrolmentTier.optional(),
  origin: z.enum(['APPLICATION', 'IMPORT']).optional(),
  ...dateRange('start', 'enrolled from'),
});
export const EmergenciesQuery = ListQuery.extend({
  state: stateOf<EmergencyState>(EMERGENCY_STATE_LABELS),
  kind: EmergencyKind.optional(),
  route: z.enum(['FIRST_AID', 'APPROVAL']).optional(),
  ...dateRange('occurred', 'happened'),
});
export const HouseholdsQuery = ListQuery.omit({ overdue: true, updatedFrom: true, updatedTo: true }).extend({
  tier: EnrolmentTier.optional().describe('with an enrolment of this tier still paid (ACTIVE or GRADUAL_EXIT)'),
});
