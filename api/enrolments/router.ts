import { Router } from 'express';
import { ENROLMENT_KIND, type EnrolmentAction, type EnrolmentState } from '../../domain/enrolmentMachine';
import { enrolmentWorkflow } from '../../workflows';
import { enrolmentActionUpdate, enrolmentReceiptUpdate, type EnrolmentInput } from '../../workflows/enrolmentMessages';
import { assertNoConflictOfInterest, householdRefs } from '../integrity/conflicts';
import { registerPerson } from '../persons';
import { householdIdFor, importedEnrolmentIdFor } from '../pseudonyms';
import { createIn } from '../access';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { route } from '../route';
import { mountSubject, type SubjectApi } from '../subjectApi';
import { answerReceived, receive, subjectTasks } from '../subjects';
import { ACTION_SCHEMAS, EnrolmentIdParams, ImportEnrolmentRequest } from './schemas';
import { z } from 'zod';
import { row, subjectView } from '../openapiParts';

interface EnrolmentRow {
  enrolment_id: string;
  household_id: string;
  application_id: string | null;
  origin: string;
  tier: string;
  start_on: string;
  monthly_amount_fen: string;
  status: string;
  state: EnrolmentState;
  context: unknown;
  allowed_actions: EnrolmentAction[];
  next_review_due_on: string | null;
  payments_end_on: string | null;
  monitoring_ends_on: string | null;
  exited_on: string | null;
  exit_reason: string | null;
}

async function findEnrolment(deps: ApiDeps, id: string): Promise<EnrolmentRow | undefined> {
  const [row] = await deps.db.query<EnrolmentRow>('SELECT * FROM enrolments WHERE enrolment_id = $1', [id]);
  return row;
}

async function find(deps: ApiDeps, id: string): Promise<EnrolmentRow> {
  const row = await findEnrolment(deps, id);
  if (!row) throw notFound(`enrolment ${id}`);
  return row;
}

async function view(deps: ApiDeps, id: string) {
  const e = await find(deps, id);
  return {
    enrolmentId: e.enrolment_id,
    householdId: e.household_id,
    applicationId: e.application_id,
    origin: e.origin,
    state: e.state,
    stateLabel: ENROLMENT_KIND.label(e.state),
    status: e.status,
    allowedActions: e.allowed_actions,
    tier: e.tier,
    startOn: e.start_on,
    monthlyAmountFen: Number(e.monthly_amount_fen),
    nextReviewDueOn: e.next_review_due_on,
    paymentsEndOn: e.payments_end_on,
    monitoringEndsOn: e.monitoring_ends_on,
    exitedOn: e.exited_on,
    exitReason: e.exit_reason,
    context: e.context,
    ...(await subjectTasks(deps, 'ENROLMENT', id)),
  };
}

/** The view of one (GET, and the answer of every step). */
export const EnrolmentResponse = subjectView('enrolmentId', {
  householdId: z.string(), applicationId: z.string().nullable(), origin: z.string(), status: z.string(),
  tier: z.string(), startOn: z.string(), monthlyAmountFen: z.number().int(), nextReviewDueOn: z.string().nullable(),
});

/** An enrolment's routes, derived (see subjectApi.ts); 回避 for everyone in the household. */
export const ENROLMENT_API: SubjectApi<EnrolmentAction, EnrolmentRow> = {
  kind: ENROLMENT_KIND,
  base: '/enrolments',
  idField: 'enrolmentId',
  params: EnrolmentIdParams,
  schemas: ACTION_SCHEMAS,
  update: enrolmentActionUpdate,
  find: findEnrolment,
  response: EnrolmentResponse,
  view,
  prepare: async (deps, id, _action, request, e) => {
    await assertNoConflictOfInterest(deps, request.actor, await householdRefs(deps, e.household_id), id);
    return request.input;
  },
  openapi: {
    get: 'An enrolment: tier, amount, next review, exit and monitoring dates, open tasks',
    action: (a) => `Enrolment step: ${a}`,
  },
  timeline: {
    projectionActivity: 'recordEnrolmentEvent',
    started: 'enrolment run started (enrolled, or a new year continued)',
    timerStarted: 'review, exit or monitoring timer started',
    timerFired: 'review, exit or monitoring date reached',
    completed: 'enrolment ended',
    ended: 'enrolment workflow ended abnormally',
  },
};

/** Enrolments in the registry: import one from before (存量), see it, report a change, complete its (annual or early) review. */
export function enrolmentsRouter(deps: ApiDeps): Router {
  const r = Router();

  r.post('/enrolments', route({ body: ImportEnrolmentRequest, actor: true }, ({ body }) => createIn('import-enrolment', body.townshipCode), async ({ body, actor }, _req, res) => {
    const person = await registerPerson(deps.db, deps.pseudonymKey, body.applicantIdNumber);
    const householdId = householdIdFor(person.personRef);
    const enrolmentId = importedEnrolmentIdFor(deps.pseudonymKey, body.townshipCode, body.reference);
    await assertNoConflictOfInterest(deps, actor, await householdRefs(deps, householdId, [person.personRef]), enrolmentId);
    await deps.db.withTransaction(async (tx) => {
      await tx.query(
        `INSERT INTO households (household_id, applicant_person_ref, township_code) VALUES ($1,$2,$3) ON CONFLICT (household_id) DO NOTHING`,
        [householdId, person.personRef, body.townshipCode]);
      await tx.query(
        `INSERT INTO household_members (household_id, person_ref, relation) VALUES ($1,$2,'APPLICANT') ON CONFLICT DO NOTHING`,
        [householdId, person.personRef]);
      await tx.query(
        `INSERT INTO enrolments (enrolment_id, household_id, application_id, tier, start_on, monthly_amount_fen, status, origin, reference, township_code)
         VALUES ($1,$2,NULL,$3,$4,$5,'ACTIVE','IMPORT',$6,$7) ON CONFLICT (enrolment_id) DO NOTHING`,
        [enrolmentId, householdId, body.tier, body.startOn, body.monthlyAmountFen, body.reference, body.townshipCode]);
    });
    const input: EnrolmentInput = {
      enrolmentId, householdId, applicationId: null, townshipCode: body.townshipCode, tier: body.tier,
      startOn: body.startOn, monthlyAmountFen: body.monthlyAmountFen, actor,
    };
    const finished = async () => ENROLMENT_KIND.isFinal((await find(deps, enrolmentId)).state);
    const received = await receive(deps, enrolmentWorkflow, enrolmentId, [input], enrolmentReceiptUpdate, finished);
    await answerReceived(res, received, 'enrolmentId', enrolmentId, `enrolments/${enrolmentId}`, () => view(deps, enrolmentId));
  }));

  mountSubject(r, deps, ENROLMENT_API);
  return r;
}
