import { Router } from 'express';
import { APPLICATION_KIND, type ApplicationState } from '../../domain/applicationMachine';
import { CASE_KIND, type CaseState } from '../../domain/caseMachine';
import { EMERGENCY_KIND, type EmergencyState } from '../../domain/emergencyMachine';
import { ENROLMENT_KIND, type EnrolmentState } from '../../domain/enrolmentMachine';
import type { ApiDeps } from '../deps';
import { householdsOfPerson } from '../households/people';
import { route } from '../route';
import { personsRoute } from './persons';
import { Conditions, dateBetween, listAccess, listPage, today } from './listQuery';
import { ApplicationsQuery, CasesQuery, EmergenciesQuery, EnrolmentsQuery, HouseholdsQuery } from './schemas';

/** A household's persons include the person `$p` (as applicant or member). */
const householdOf = (alias: string) => (p: string) => `${alias}.household_id IN (${householdsOfPerson(p)})`;

/**
 * Find anything: one list route per subject, filtered, scoped by region and
 * paged by keyset (api/lists/listQuery.ts). ID numbers are answered masked.
 */
export function listsRouter(deps: ApiDeps): Router {
  const r = Router();

  r.get('/cases', route({ query: CasesQuery }, (input) => listAccess(input, input.query.department), async ({ query, principal }, _req, res) => {
    const c = new Conditions()
      .when(query.state, (p) => `c.state = ${p}`)
      .when(query.hardshipType, (p) => `c.hardship_type = ${p}`)
      .when(query.source, (p) => `c.source = ${p}`)
      .when(query.department && JSON.stringify([{ referTo: query.department }]), (p) => `c.context->'items' @> ${p}::jsonb`);
    dateBetween(c, 'c.received_on', query.receivedFrom, query.receivedTo);
    const asOf = today(deps);
    res.json(await listPage(deps, query, principal,
      { alias: 'c', id: 'case_id', region: 'township_code', taskSubject: 'CASE', updated: 'updated_at', concerns: (p) => `c.person_ref = ${p}` }, c,
      {
        select: `c.case_id AS "caseId", c.state, c.source, c.hardship_type AS "hardshipType", c.township_code AS "townshipCode",
                 c.received_on AS "receivedOn", c.verification_due_on AS "verificationDueOn", c.verification_overdue AS escalated,
                 p.id_number_masked AS "idNumber", c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.closed_at AS "closedAt"`,
        from: 'cases c JOIN persons p USING (person_ref)',
      },
      (row: { state: CaseState; verificationDueOn: string; escalated: boolean } & Record<string, unknown>) => ({
        ...row,
        stateLabel: CASE_KIND.label(row.state),
        verificationOverdue: row.escalated || (row.state === 'verifying' && row.verificationDueOn < asOf),
      })));
  }));

  r.get('/applications', route({ query: ApplicationsQuery }, listAccess, async ({ query, principal }, _req, res) => {
    const decided = `(SELECT d.primary_tier FROM eligibility_decisions d WHERE d.application_id = a.application_id ORDER BY d.decision_id DESC LIMIT 1)`;
    const c = new Conditions()
      .when(query.state, (p) => `a.state = ${p}`)
      .when(query.channel, (p) => `a.channel = ${p}`)
      .when(query.tier, (p) => `${decided} = ${p}`);
    dateBetween(c, 'a.received_on', query.receivedFrom, query.receivedTo);
    res.json(await listPage(deps, query, principal,
      { alias: 'a', id: 'application_id', region: 'township_code', taskSubject: 'APPLICATION', updated: 'updated_at', concerns: householdOf('a') }, c,
      {
        select: `a.application_id AS "applicationId", a.reference, a.state, a.channel, a.township_code AS "townshipCode",
                 a.household_id AS "householdId", a.received_on AS "receivedOn", ${decided} AS "decidedTier",
                 a.publicity_ends_on AS "publicityEndsOn", p.id_number_masked AS "applicantIdNumber",
                 a.created_at AS "createdAt", a.updated_at AS "updatedAt", a.closed_at AS "closedAt"`,
        from: 'applications a JOIN households h USING (household_id) JOIN persons p ON p.person_ref = h.applicant_person_ref',
      },
      (row: { state: ApplicationState } & Record<string, unknown>) => ({ ...row, stateLabel: APPLICATION_KIND.label(row.state) })));
  }));

  r.get('/enrolments', route({ query: EnrolmentsQuery }, listAccess, async ({ query, principal }, _req, res) => {
    const c = new Conditions()
      .when(query.state, (p) => `e.state = ${p}`)
      .when(query.tier, (p) => `e.tier = ${p}`)
      .when(query.origin, (p) => `e.origin = ${p}`);
    dateBetween(c, 'e.start_on', query.startFrom, query.startTo);
    res.json(await listPage(deps, query, principal,
      { alias: 'e', id: 'enrolment_id', region: 'township_code', taskSubject: 'ENROLMENT', updated: 'updated_at', concerns: householdOf('e') }, c,
      {
        select: `e.enrolment_id AS "enrolmentId", e.state, e.status, e.tier, e.origin, e.township_code AS "townshipCode",
                 e.household_id AS "householdId", e.start_on AS "startOn", e.monthly_amount_fen::int AS "monthlyAmountFen",
                 e.next_review_due_on AS "nextReviewDueOn", p.id_number_masked AS "applicantIdNumber",
                 e.created_at AS "createdAt", e.updated_at AS "updatedAt"`,
        from: 'enrolments e JOIN households h USING (household_id) JOIN persons p ON p.person_ref = h.applicant_person_ref',
      },
      (row: { state: EnrolmentState } & Record<string, unknown>) => ({ ...row, stateLabel: ENROLMENT_KIND.label(row.state) })));
  }));

  r.get('/emergencies', route({ query: EmergenciesQuery }, listAccess, async ({ query, principal }, _req, res) => {
    const c = new Conditions()
      .when(query.state, (p) => `m.state = ${p}`)
      .when(query.kind, (p) => `m.kind = ${p}`)
      .when(query.route, (p) => `m.route = ${p}`);
    dateBetween(c, 'm.occurred_on', query.occurredFrom, query.occurredTo);
    res.json(await listPage(deps, query, principal,
      { alias: 'm', id: 'emergency_id', region: 'township_code', taskSubject: 'EMERGENCY', updated: 'updated_at', concerns: (p) => `m.person_ref = ${p}` }, c,
      {
        select: `m.emergency_id AS "emergencyId", m.report_id AS "reportId", m.state, m.kind, m.route, m.township_code AS "townshipCode",
                 m.amount_requested_fen AS "amountRequestedFen", m.occurred_on AS "occurredOn",
                 (SELECT pay.amount_fen FROM emergency_payments pay WHERE pay.emergency_id = m.emergency_id) AS "paidFen",
                 m.documentation_due_on AS "documentationDueOn", p.id_number_masked AS "idNumber",
                 m.created_at AS "createdAt", m.updated_at AS "updatedAt", m.closed_at AS "closedAt"`,
        from: 'emergencies m JOIN persons p USING (person_ref)',
      },
      (row: { state: EmergencyState } & Record<string, unknown>) => ({ ...row, stateLabel: EMERGENCY_KIND.label(row.state) })));
  }));

  r.get('/households', route({ query: HouseholdsQuery }, listAccess, async ({ query, principal }, _req, res) => {
    const c = new Conditions().when(query.tier, (p) =>
      `EXISTS (SELECT 1 FROM enrolments e WHERE e.household_id = h.household_id AND e.tier = ${p} AND e.status IN ('ACTIVE', 'GRADUAL_EXIT'))`);
    res.json(await listPage(deps, query, principal,
      { alias: 'h', id: 'household_id', region: 'township_code', concerns: householdOf('h') }, c,
      {
        select: `h.household_id AS "householdId", h.township_code AS "townshipCode", p.id_number_masked AS "applicantIdNumber",
                 (SELECT count(*)::int FROM household_members m WHERE m.household_id = h.household_id) AS "memberCount",
                 (SELECT coalesce(array_agg(DISTINCT e.tier), '{}') FROM enrolments e
                   WHERE e.household_id = h.household_id AND e.status IN ('ACTIVE', 'GRADUAL_EXIT')) AS "paidTiers",
                 h.created_at AS "createdAt"`,
        from: 'households h JOIN persons p ON p.person_ref = h.applicant_person_ref',
      },
      (row: Record<string, unknown>) => row));
  }));

  personsRoute(r, deps);
  return r;
}
