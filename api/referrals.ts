import { Router } from 'express';
import { z } from 'zod';
import {
  AcceptReferralInput,
  DeclineReferralInput,
  REFERRAL_KIND,
  ReportReferralResultInput,
  type ReferralAction,
  type ReferralContext,
  type ReferralState,
} from '../domain/referralMachine';
import type { TrackedItem } from '../domain/caseMachine';
import { shanghaiDateOf } from '../domain/calendarDate';
import { regionName } from '../domain/regions';
import type { Actor } from '../domain/vocabulary';
import { referralWorkflow } from '../workflows';
import { referralActionUpdate, referralIdFor, referralInputsFor, referralReceiptUpdate } from '../workflows/referralWorkflow';
import type { ApiDeps } from './deps';
import { HttpError, notFound } from './errors';
import { mountSubject, type SubjectApi } from './subjectApi';
import { receive, subjectTasks } from './subjects';
import { row, subjectView } from './openapiParts';

interface ReferralRow {
  referral_id: string;
  case_id: string;
  item_id: string;
  department: string;
  need: string;
  person_ref: string;
  township_code: string;
  referred_on: string;
  due_on: string | null;
  working_days: number | null;
  overdue: boolean;
  policy_version: string | null;
  state: ReferralState;
  context: ReferralContext;
  allowed_actions: ReferralAction[];
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  id_number_masked: string;
}

async function findReferral(deps: ApiDeps, id: string): Promise<ReferralRow | undefined> {
  const [row] = await deps.db.query<ReferralRow>(
    'SELECT r.*, p.id_number_masked FROM referrals r JOIN persons p USING (person_ref) WHERE r.referral_id = $1', [id]);
  return row;
}

/** The view of one (GET, and the answer of every step). */
export const ReferralResponse = subjectView('referralId', {
  fromCase: row({ caseId: z.string(), itemId: z.string() }), department: z.string(), need: z.unknown(),
  person: row({ idNumber: z.string().nullable().describe('masked') }),
  township: row({ code: z.string(), name: z.string().nullable() }), referredOn: z.string(),
  due: row({ dueOn: z.string(), workingDays: z.number(), escalated: z.boolean() }).nullable(),
});

/** A case's item referred to a department (转介): the department accepts or declines it, and reports the result. */
export const REFERRAL_API: SubjectApi<ReferralAction> = {
  kind: REFERRAL_KIND,
  base: '/referrals',
  idField: 'referralId',
  params: z.object({ id: z.string().regex(/^referral-[0-9a-f]{32}-item-\d{1,4}$/, 'must be a referral id') }),
  schemas: { accept: AcceptReferralInput, decline: DeclineReferralInput, 'report-result': ReportReferralResultInput },
  update: referralActionUpdate,
  find: findReferral,
  response: ReferralResponse,
  view: async (deps, id) => {
    const r = await findReferral(deps, id);
    if (!r) throw notFound(`referral ${id}`);
    return {
      referralId: r.referral_id,
      state: r.state,
      stateLabel: REFERRAL_KIND.label(r.state),
      allowedActions: r.allowed_actions,
      fromCase: { caseId: r.case_id, itemId: r.item_id },
      department: r.department,
      need: r.need,
      person: { idNumber: r.id_number_masked },
      township: { code: r.township_code, name: regionName(r.township_code) ?? null },
      referredOn: r.referred_on,
      due: r.due_on && { dueOn: r.due_on, workingDays: r.working_days, escalated: r.overdue, policyVersion: r.policy_version },
      ...r.context,
      ...(await subjectTasks(deps, 'REFERRAL', id)),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      closedAt: r.closed_at,
    };
  },
  personRef: async (deps, id) => (await findReferral(deps, id))?.person_ref,
  openapi: {
    get: 'A department referral (转介): its due date, escalation, acceptance or decline, result',
    action: (a) => ({ accept: 'The department accepts the referral', decline: 'The department declines it, with a reason', 'report-result': "The department reports the result; the case's item takes it over" })[a],
  },
  timeline: {
    projectionActivity: 'recordReferralEvent',
    started: 'referred to the department',
    timerStarted: 'referral due-date timer started',
    timerFired: 'referral due date passed',
    completed: 'referral closed',
    ended: 'referral workflow ended abnormally',
  },
};

/** Where a case's item was referred (a department, APPLICATION), or null. */
export async function itemReferTo(deps: ApiDeps, caseId: string, itemId: string): Promise<string | null> {
  const [item] = await deps.db.query<{ refer_to: string | null }>(
    `SELECT i->>'referTo' AS refer_to FROM cases, jsonb_array_elements(context->'items') i WHERE case_id = $1 AND i->>'id' = $2`,
    [caseId, itemId]);
  return item?.refer_to ?? null;
}

/**
 * An item referred to a department is reported on its referral (which the
 * department accepts, declines or reports, and which closes with it), never on
 * the case directly: that would leave the referral open. 409 naming the referral.
 */
export async function refuseReportOnCase(deps: ApiDeps, caseId: string, itemId: string): Promise<void> {
  const referTo = await itemReferTo(deps, caseId, itemId);
  if (!referTo || referTo === 'APPLICATION') return;
  const referralId = referralIdFor(caseId, itemId);
  throw new HttpError(409, 'REFERRED_TO_DEPARTMENT',
    `${itemId} is referred to ${referTo}: report its result on the referral (POST /referrals/${referralId}/actions/report-result)`,
    { referralId, department: referTo });
}

/**
 * Every open item of the case referred to a department gets its referral,
 * started once (its id is the case's and the item's), so a retried step
 * starts none twice.
 */
export async function startReferrals(deps: ApiDeps, caseId: string, actor: Actor): Promise<void> {
  const [c] = await deps.db.query<{ person_ref: string; township_code: string; context: { items: TrackedItem[] } }>(
    'SELECT person_ref, township_code, context FROM cases WHERE case_id = $1', [caseId]);
  if (!c) return;
  const inputs = referralInputsFor(
    { caseId, personRef: c.person_ref, townshipCode: c.township_code, items: c.context.items }, shanghaiDateOf((deps.now ?? Date.now)()), actor);
  for (const input of inputs) {
    const finished = async () => REFERRAL_KIND.isFinal((await findReferral(deps, input.referralId))?.state ?? 'referred');
    await receive(deps, referralWorkflow, input.referralId, [input], referralReceiptUpdate, finished);
  }
}

export function referralsRouter(deps: ApiDeps): Router {
  const r = Router();
  mountSubject(r, deps, REFERRAL_API);
  return r;
}
