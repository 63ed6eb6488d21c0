import { APPLICATION_KIND, type ApplicationAction, type ApplicationContext, type ApplicationState } from '../../domain/applicationMachine';
import type { Actor } from '../../domain/vocabulary';
import { assessEligibility } from '../../domain/eligibility';
import { ELIGIBILITY_KEYS } from '../../domain/eligibilityPolicy';
import type { Household } from '../../domain/household';
import { regionName } from '../../domain/regions';
import { shanghaiDateOf, type CalendarDate } from '../../domain/calendarDate';
import { policyValue, policyValues } from '../../db/policy';
import { applicationWorkflow } from '../../workflows';
import { applicationActionUpdate, applicationReceiptUpdate, type ApplicationInput } from '../../workflows/applicationMessages';
import { requireOpenCaseItem } from '../cases/items';
import type { ApiDeps } from '../deps';
import { badRequest, notFound } from '../errors';
import { assertNoConflictOfInterest, householdRefs, submittedMemberRefs } from '../integrity/conflicts';
import { registerPerson } from '../persons';
import { applicationIdFor, householdIdFor, personRefFor } from '../pseudonyms';
import type { SubjectApi } from '../subjectApi';
import { receive, subjectTasks } from '../subjects';
import { ACTION_SCHEMAS, ApplicationIdParams, type ApplicationRequest } from './schemas';
import { z } from 'zod';
import { row, subjectView } from '../openapiParts';

interface ApplicationRow {
  application_id: string;
  reference: string;
  household_id: string;
  township_code: string;
  channel: string;
  received_on: string;
  from_case_id: string | null;
  from_item_id: string | null;
  state: ApplicationState;
  context: ApplicationContext;
  allowed_actions: ApplicationAction[];
  publicity_ends_on: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  applicant_masked: string;
  applicant_ref: string;
}

/**
 * An application arrives (by the person, by the village on their behalf, or
 * from a case's 协助申办 referral): register the applicant and the household,
 * start the application workflow once per reference, wait for its receipt.
 */
export async function receiveApplication(deps: ApiDeps, a: ApplicationRequest, actor: Actor) {
  if (a.fromCase) await requireOpenCaseItem(deps, a.fromCase, 'APPLICATION');
  await policyValue(deps.db, 'application.publicityDays', a.townshipCode, a.receivedOn);
  const applicationId = applicationIdFor(deps.pseudonymKey, a.townshipCode, a.reference);
  // 回避 before anything is written: the applicant and the household already on record.
  const applicantRef = personRefFor(deps.pseudonymKey, a.applicantIdNumber);
  await assertNoConflictOfInterest(deps, actor, await householdRefs(deps, householdIdFor(applicantRef), [applicantRef]), applicationId);
  const applicant = await registerPerson(deps.db, deps.pseudonymKey, a.applicantIdNumber);
  const householdId = householdIdFor(applicant.personRef);
  await deps.db.query(
    `INSERT INTO households (household_id, applicant_person_ref, township_code) VALUES ($1,$2,$3) ON CONFLICT (household_id) DO NOTHING`,
    [householdId, applicant.personRef, a.townshipCode],
  );
  const input: ApplicationInput = {
    applicationId,
    reference: a.reference,
    householdId,
    applicant,
    townshipCode: a.townshipCode,
    channel: a.channel,
    receivedOn: a.receivedOn,
    fromCase: a.fromCase ?? null,
    actor,
  };
  const finished = async () => APPLICATION_KIND.isFinal((await findApplication(deps, applicationId))?.state ?? 'investigating');
  const received = await receive(deps, applicationWorkflow, applicationId, [input], applicationReceiptUpdate, finished);
  return { ...received, applicationId };
}

async function findApplication(deps: ApiDeps, applicationId: string): Promise<ApplicationRow | undefined> {
  const rows = await deps.db.query<ApplicationRow>(
    `SELECT a.*, p.id_number_masked AS applicant_masked, p.person_ref AS applicant_ref
       FROM applications a JOIN households h USING (household_id) JOIN persons p ON p.person_ref = h.applicant_person_ref
      WHERE a.application_id = $1`,
    [applicationId],
  );
  return rows[0];
}

export async function getApplication(deps: ApiDeps, applicationId: string) {
  const a = await findApplication(deps, applicationId);
  if (!a) throw notFound(`application ${applicationId}`);
  const decisionId = a.context.decision?.decisionId;
  const [decision] = decisionId
    ? await deps.db.query<{ decision: unknown }>('SELECT decision FROM eligibility_decisions WHERE decision_id = $1', [decisionId])
    : [];
  return {
    applicationId: a.application_id,
    reference: a.reference,
    state: a.state,
    stateLabel: APPLICATION_KIND.label(a.state),
    allowedActions: a.allowed_actions,
    householdId: a.household_id,
    applicant: { idNumber: a.applicant_masked },
    township: { code: a.township_code, name: regionName(a.township_code) ?? null },
    channel: a.channel,
    receivedOn: a.received_on,
    fromCase: a.from_case_id ? { caseId: a.from_case_id, itemId: a.from_item_id } : null,
    investigation: a.context.investigation,
    decision: decision?.decision ?? null,
    proposal: a.context.proposal,
    publicityEndsOn: a.publicity_ends_on,
    objections: a.context.objections,
    outcome: a.context.outcome,
    ...(await subjectTasks(deps, 'APPLICATION', applicationId)),
    createdBy: a.created_by,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    closedAt: a.closed_at,
  };
}

/** The view of one (GET, and the answer of every step). */
export const ApplicationResponse = subjectView('applicationId', {
  reference: z.string(), householdId: z.string(), applicant: row({ idNumber: z.string().nullable() }),
  township: row({ code: z.string(), name: z.string().nullable() }), channel: z.string(), receivedOn: z.string(),
  decision: z.unknown().describe('the eligibility decision with its explanation, once assessed'),
});

/** An application's routes, derived (see subjectApi.ts). */
export const APPLICATION_API: SubjectApi<ApplicationAction, ApplicationRow> = {
  kind: APPLICATION_KIND,
  base: '/applications',
  idField: 'applicationId',
  params: ApplicationIdParams,
  schemas: ACTION_SCHEMAS,
  update: applicationActionUpdate,
  find: findApplication,
  response: ApplicationResponse,
  view: getApplication,
  /**
   * 回避 for everyone in the household. The 家计调查 carries the household with
   * every member's ID number: it is stored in the registry (members registered,
   * one immutable snapshot) and the workflow only gets the snapshot's id.
   */
  prepare: async (deps, applicationId, action, request, a) => {
    const concerned = await householdRefs(deps, a.household_id, [a.applicant_ref, ...submittedMemberRefs(deps, request.input)]);
    await assertNoConflictOfInterest(deps, request.actor, concerned, applicationId);
    if (action !== 'record-investigation') return request.input;
    const { household, evidence } = request.input as { household: Household; evidence: string };
    return { snapshotId: await recordHouseholdSnapshot(deps, a, household, evidence, request.actor), evidence };
  },
  openapi: {
    get: 'Status, the engine decision with its explanation, publicity, outcome, tasks',
    action: (a) => `Application step: ${a}`,
  },
  timeline: {
    projectionActivity: 'recordApplicationEvent',
    started: 'application received',
    timerStarted: 'publicity (公示) timer started',
    timerFired: 'publicity (公示) ended',
    completed: 'application concluded',
    ended: 'application workflow ended abnormally',
  },
};

async function recordHouseholdSnapshot(deps: ApiDeps, a: ApplicationRow, household: Household, evidence: string, actor: Actor): Promise<string> {
  const members = await Promise.all(household.members.map((m) => registerPerson(deps.db, deps.pseudonymKey, m.idNumber)));
  const applicantIndex = household.members.findIndex((m) => m.relation === 'APPLICANT');
  if (members[applicantIndex]?.personRef !== a.applicant_ref) {
    throw badRequest([{ path: `body.household.members.${applicantIndex}.idNumber`, message: 'the APPLICANT must be the person who applied', code: 'custom' }]);
  }
  return deps.db.withTransaction(async (tx) => {
    const [row] = await tx.query<{ snapshot_id: string }>(
      `INSERT INTO household_snapshots (application_id, household, evidence, recorded_by) VALUES ($1,$2,$3,$4) RETURNING snapshot_id`,
      [a.application_id, JSON.stringify(household), evidence, actor.userId],
    );
    await tx.query('DELETE FROM household_members WHERE household_id = $1', [a.household_id]);
    for (const [i, m] of household.members.entries()) {
      await tx.query(
        `INSERT INTO household_members (household_id, person_ref, relation) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`,
        [a.household_id, members[i]?.personRef, m.relation],
      );
    }
    return String(row?.snapshot_id);
  });
}

/** What-if for staff: the engine on a household with the policy in force, nothing written. */
export async function assessWhatIf(deps: ApiDeps, req: { townshipCode: string; assessedOn?: CalendarDate | undefined; household: Household }) {
  const on = req.assessedOn ?? shanghaiDateOf((deps.now ?? Date.now)());
  const policy = await policyValues(deps.db, ELIGIBILITY_KEYS, req.townshipCode, on);
  return assessEligibility(req.household, policy, on);
}
