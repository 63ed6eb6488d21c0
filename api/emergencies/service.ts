import { shanghaiDateOf } from '../../domain/calendarDate';
import type { Actor } from '../../domain/vocabulary';
import { EMERGENCY_KIND, type EmergencyAction, type EmergencyContext, type EmergencyState } from '../../domain/emergencyMachine';
import type { PaymentBasis } from '../../domain/emergencySchemas';
import { regionName } from '../../domain/regions';
import { policyValues } from '../../db/policy';
import { emergencyWorkflow } from '../../workflows';
import { emergencyActionUpdate, emergencyReceiptUpdate, type EmergencyInput } from '../../workflows/emergencyMessages';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { assertNoConflictOfInterest } from '../integrity/conflicts';
import { registerPerson } from '../persons';
import { emergencyIdFor } from '../pseudonyms';
import type { SubjectApi } from '../subjectApi';
import { receive, subjectTasks } from '../subjects';
import { EMERGENCY_ACTION_SCHEMAS, EmergencyIdParams, type EmergencyRequest } from './schemas';
import { requireOpenCaseItem } from '../cases/items';
import { fetchDecodedHistory } from '../../config/historyDecoder';
import { z } from 'zod';
import { row, subjectView } from '../openapiParts';

interface EmergencyRow {
  emergency_id: string;
  report_id: string;
  township_code: string;
  kind: string;
  amount_requested_fen: number;
  occurred_on: string;
  description: string;
  state: EmergencyState;
  route: 'FIRST_AID' | 'APPROVAL' | null;
  context: EmergencyContext;
  allowed_actions: EmergencyAction[];
  documentation_due_on: string | null;
  documentation_working_days: number | null;
  documentation_provisional: boolean | null;
  documentation_remind_on: string | null;
  documentation_reminded: boolean;
  documentation_overdue: boolean;
  policy_versions: string[];
  created_by: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  person_ref: string;
  id_number_masked: string;
  paid_amount_fen: number | null;
  paid_basis: PaymentBasis | null;
  paid_at: Date | null;
  paid_by: string | null;
  paid_by_region: string | null;
}

const today = (deps: ApiDeps) => shanghaiDateOf((deps.now ?? Date.now)());

/**
 * An emergency is reported where it happened: register the person, start the
 * emergency workflow (one per township and report id: the same report again is
 * the same emergency, paid at most once) and wait until it is assessed and,
 * within the first-aid limit, paid.
 */
export async function reportEmergency(deps: ApiDeps, r: EmergencyRequest, actor: Actor) {
  const emergencyId = emergencyIdFor(deps.pseudonymKey, r.townshipCode, r.reportId);
  if (r.fromCase) await requireOpenCaseItem(deps, r.fromCase, 'EMERGENCY');
  // Fail clearly (422) before anything is written if the local rules are missing here.
  await policyValues(deps.db, [
    'emergency.firstAidLimitFen',
    'emergency.documentationWorkingDays',
    'emergency.documentationReminderWorkingDays',
    'emergency.splitWindowDays',
  ], r.townshipCode, r.occurredOn);
  const { personRef, idNumberMasked } = await registerPerson(deps.db, deps.pseudonymKey, r.idNumber);
  await assertNoConflictOfInterest(deps, actor, [personRef], emergencyId);
  const input: EmergencyInput = {
    emergencyId,
    reportId: r.reportId,
    personRef,
    idNumberMasked,
    townshipCode: r.townshipCode,
    kind: r.kind,
    amountRequestedFen: r.amountRequestedFen,
    occurredOn: r.occurredOn,
    description: r.description,
    fromCase: r.fromCase ?? null,
    actor,
  };
  // Never started twice for one report, not even after it finished: a finished emergency is not paid again.
  const finished = async () => EMERGENCY_KIND.isFinal((await findEmergency(deps, emergencyId))?.state ?? 'reported');
  const received = await receive(deps, emergencyWorkflow, emergencyId, [input], emergencyReceiptUpdate, finished);
  return { ...received, emergencyId };
}

async function findEmergency(deps: ApiDeps, emergencyId: string): Promise<EmergencyRow | undefined> {
  const rows = await deps.db.query<EmergencyRow>(
    `SELECT e.*, p.id_number_masked, pay.amount_fen AS paid_amount_fen, pay.basis AS paid_basis, pay.paid_at,
            pay.paid_by, pay.paid_by_region
       FROM emergencies e JOIN persons p USING (person_ref)
       LEFT JOIN emergency_payments pay USING (emergency_id)
      WHERE e.emergency_id = $1`,
    [emergencyId],
  );
  return rows[0];
}

export async function getEmergency(deps: ApiDeps, emergencyId: string) {
  const e = await findEmergency(deps, emergencyId);
  if (!e) throw notFound(`emergency ${emergencyId}`);
  const asOf = today(deps);
  const tasks = await subjectTasks(deps, 'EMERGENCY', emergencyId);
  const c = e.context;
  return {
    emergencyId: e.emergency_id,
    reportId: e.report_id,
    state: e.state,
    stateLabel: EMERGENCY_KIND.label(e.state),
    allowedActions: e.allowed_actions,
    person: { idNumber: e.id_number_masked },
    township: { code: e.township_code, name: regionName(e.township_code) ?? null },
    kind: e.kind,
    occurredOn: e.occurred_on,
    description: e.description,
    amountRequestedFen: e.amount_requested_fen,
    route: e.route,
    assessment: c.assessment,
    // The payment table is the record of money paid; the workflow's context says the same.
    payment: e.paid_amount_fen === null ? null : {
      amountFen: e.paid_amount_fen,
      basis: e.paid_basis,
      paidAt: e.paid_at,
      paidBy: { userId: e.paid_by, regionCode: e.paid_by_region },
    },
    documentation: e.documentation_due_on === null ? null : {
      dueOn: e.documentation_due_on,
      workingDays: e.documentation_working_days,
      provisional: e.documentation_provisional,
      remindOn: e.documentation_remind_on,
      reminded: e.documentation_reminded,
      escalated: e.documentation_overdue,
      overdue: e.documentation_overdue || (e.state === 'documenting' && e.documentation_due_on < asOf),
      circumstances: c.documentation?.circumstances ?? null,
      documentedBy: c.documentation?.by ?? null,
    },
    review: c.review,
    decision: c.decision,
    ...tasks,
    policyVersions: e.policy_versions,
    createdBy: e.created_by,
    createdAt: e.created_at,
    updatedAt: e.updated_at,
    closedAt: e.closed_at,
  };
}

const ACTION_SUMMARIES: Record<EmergencyAction, string> = {
  document: 'Document a first-aid payment afterwards (事后补充说明情况); closes the emergency',
  review: 'Township review (乡镇审核) of an emergency above the first-aid limit',
  approve: 'County approval (县级审批); the approved amount is paid at once and the emergency closes',
  reject: 'County rejection (不予救助); nothing is paid',
};

/** The view of one (GET, and the answer of every step). */
export const EmergencyResponse = subjectView('emergencyId', {
  reportId: z.string(), person: row({ idNumber: z.string().nullable().describe('masked') }),
  township: row({ code: z.string(), name: z.string().nullable() }), kind: z.string(), occurredOn: z.string(),
  amountRequestedFen: z.number().int(), route: z.string().nullable(), payment: row({ amountFen: z.number().int() }).nullable(),
});

/**
 * An emergency's routes, derived (see subjectApi.ts). With an Idempotency-Key
 * a retried approval is the same update, so it (and its payment) is applied once.
 */
export const EMERGENCY_API: SubjectApi<EmergencyAction, EmergencyRow> = {
  kind: EMERGENCY_KIND,
  base: '/emergencies',
  idField: 'emergencyId',
  params: EmergencyIdParams,
  schemas: EMERGENCY_ACTION_SCHEMAS,
  update: emergencyActionUpdate,
  find: findEmergency,
  response: EmergencyResponse,
  view: getEmergency,
  prepare: async (deps, id, _action, request, e) => {
    await assertNoConflictOfInterest(deps, request.actor, [e.person_ref], id);
    return request.input;
  },
  openapi: {
    get: 'Emergency status: assessment, payment, documentation due date and overdue flag, open tasks, allowed actions',
    action: (a) => ACTION_SUMMARIES[a],
  },
  timeline: {
    projectionActivity: 'recordEmergencyEvent',
    started: 'emergency reported',
    timerStarted: 'documentation reminder or deadline timer started',
    timerFired: 'documentation reminder or deadline reached',
    completed: 'emergency workflow completed',
    ended: 'emergency workflow ended abnormally',
  },
};
