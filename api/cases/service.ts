import { shanghaiDateOf } from '../../domain/calendarDate';
import { CASE_KIND, type CaseAction, type CaseState } from '../../domain/caseMachine';
import type { Actor } from '../../domain/vocabulary';
import { regionName } from '../../domain/regions';
import { verificationDeadline } from '../../activities/deadlines';
import { caseWorkflow } from '../../workflows';
import { actionUpdate, receiptUpdate, type CaseInput } from '../../workflows/messages';
import { receivedCaseSearchAttributes } from '../../workflows/caseStart';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { assertNoConflictOfInterest, personAndHouseholdRefs } from '../integrity/conflicts';
import { registerPerson } from '../persons';
import { itemReferTo, refuseReportOnCase, startReferrals } from '../referrals';
import { clueSignal } from '../../workflows/clueMessages';
import { caseClues, openCaseAbout } from './clues';
import { caseIdFor } from '../pseudonyms';
import type { SubjectApi } from '../subjectApi';
import { receive, subjectTasks } from '../subjects';
import { ACTION_SCHEMAS, CaseIdParams } from './schemas';
import { checkDuplicateAid } from './duplicateAid';
import { claimSource } from '../receiptScope';
import type { WarningRequest } from './schemas';
import { z } from 'zod';
import { row, subjectView } from '../openapiParts';

interface CaseRow {
  case_id: string;
  source: string;
  source_id: string;
  township_code: string;
  hardship_type: string;
  received_on: string;
  detail: string;
  state: CaseState;
  context: unknown;
  allowed_actions: CaseAction[];
  verification_due_on: string;
  verification_working_days: number;
  verification_provisional: boolean;
  verification_overdue: boolean;
  policy_version: string;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  id_number_masked: string;
  person_ref: string;
}

const today = (deps: ApiDeps) => shanghaiDateOf((deps.now ?? Date.now)());

/**
 * A warning arrives: register the person, start the case workflow (one per
 * source record: the same clue twice is the same case) and wait until it is
 * on record and pushed to the township.
 */
export async function receiveWarning(deps: ApiDeps, w: WarningRequest, actor: Actor) {
  const caseId = caseIdFor(deps.pseudonymKey, w.source, w.sourceId);
  await claimSource(deps, 'CASE', caseId, w.townshipCode, actor); // 409 when another township holds this source record
  // Planned here, before anything is written: no deadline rule for this township fails clearly (and a new case needs no activity for it).
  const deadline = await verificationDeadline(deps.db, w);
  const { personRef, idNumberMasked } = await registerPerson(deps.db, deps.pseudonymKey, w.idNumber);
  // A clue about a person or household with an open case joins that case (CLUE_ADDED), not a second case.
  const openCase = await openCaseAbout(deps.db, personRef, w.townshipCode, caseId);
  if (openCase && openCase !== caseId) {
    await deps.temporal.workflow.getHandle(openCase).signal(clueSignal, {
      clueId: `${w.source}:${w.sourceId}`, source: w.source, sourceId: w.sourceId, hardshipType: w.hardshipType, detail: w.detail,
      receivedOn: w.receivedOn, personRef, idNumberMasked, actor,
    });
    return { created: false, pending: false, caseId: openCase };
  }
  const input: CaseInput = {
    caseId,
    source: w.source,
    sourceId: w.sourceId,
    personRef,
    idNumberMasked,
    townshipCode: w.townshipCode,
    hardshipType: w.hardshipType,
    receivedOn: w.receivedOn,
    detail: w.detail,
    actor,
    deadline,
  };
  const received = await receive(deps, caseWorkflow, caseId, [input], receiptUpdate, async () => (await findCase(deps, caseId))?.state === 'closed',
    receivedCaseSearchAttributes(w.townshipCode));
  return { ...received, caseId };
}

async function findCase(deps: ApiDeps, caseId: string): Promise<CaseRow | undefined> {
  const rows = await deps.db.query<CaseRow>(
    `SELECT c.*, p.id_number_masked FROM cases c JOIN persons p USING (person_ref) WHERE c.case_id = $1`,
    [caseId],
  );
  return rows[0];
}

export async function getCase(deps: ApiDeps, caseId: string) {
  const c = await findCase(deps, caseId);
  if (!c) throw notFound(`case ${caseId}`);
  const asOf = today(deps);
  return {
    caseId: c.case_id,
    state: c.state,
    stateLabel: CASE_KIND.label(c.state),
    allowedActions: c.allowed_actions,
    source: c.source,
    sourceId: c.source_id,
    person: { idNumber: c.id_number_masked },
    township: { code: c.township_code, name: regionName(c.township_code) ?? null },
    hardshipType: c.hardship_type,
    receivedOn: c.received_on,
    detail: c.detail,
    verification: {
      dueOn: c.verification_due_on,
      workingDays: c.verification_working_days,
      provisional: c.verification_provisional,
      escalated: c.verification_overdue,
      overdue: c.verification_overdue || (c.state === 'verifying' && c.verification_due_on < asOf),
      policyVersion: c.policy_version,
    },
    disposal: (c.context as { disposal: unknown }).disposal,
    items: (c.context as { items: unknown }).items,
    feedback: (c.context as { feedback: unknown }).feedback,
    clues: await caseClues(deps.db, caseId),
    ...(await subjectTasks(deps, 'CASE', caseId)),
    createdBy: c.created_by,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    closedAt: c.closed_at,
  };
}

/** The view of one (GET, and the answer of every step). */
export const CaseResponse = subjectView('caseId', {
  source: z.string(), sourceId: z.string(), person: row({ idNumber: z.string().nullable().describe('masked') }),
  township: row({ code: z.string(), name: z.string().nullable() }), hardshipType: z.string(), receivedOn: z.string(),
  verification: row({ dueOn: z.string(), workingDays: z.number(), overdue: z.boolean() }),
});

/** A case's routes, derived (see subjectApi.ts); an item referred to a department is reported on its referral. */
export const CASE_API: SubjectApi<CaseAction, CaseRow> = {
  kind: CASE_KIND,
  base: '/cases',
  idField: 'caseId',
  params: CaseIdParams,
  schemas: ACTION_SCHEMAS,
  update: actionUpdate,
  find: findCase,
  response: CaseResponse,
  view: getCase,
  prepare: async (deps, id, action, request, c) => {
    await assertNoConflictOfInterest(deps, request.actor, await personAndHouseholdRefs(deps, c.person_ref), id); // 回避
    if (action === 'report-result') await refuseReportOnCase(deps, id, (request.input as { itemId: string }).itemId);
    return action === 'record-assistance' ? checkDuplicateAid(deps, id, request) : request.input;
  },
  // An item referred to a department becomes a referral of its own (due by local policy; it reports back).
  afterStep: async (deps, id, action, request) => {
    if (action === 'dispose' || action === 'deliberate' || action === 'refer') await startReferrals(deps, id, request.actor);
  },
  narrowAccess: async (deps, action, input, access) => {
    const itemId = (input.body as { itemId?: string }).itemId;
    if (action !== 'report-result' || access.kind !== 'act' || !itemId) return access;
    const referTo = await itemReferTo(deps, (input.params as { id: string }).id, itemId);
    return { ...access, departments: referTo ? [referTo] : [] };
  },
  openapi: {
    get: 'Case status, due dates, overdue flags, open tasks, allowed actions',
    action: (a) => `Case step: ${a}`,
  },
  timeline: {
    projectionActivity: 'recordCaseEvent',
    started: 'warning received, case opened',
    timerStarted: 'verification deadline timer started',
    timerFired: 'verification deadline passed',
    completed: 'case closed',
    ended: 'case workflow ended abnormally',
  },
};
