import { Router } from 'express';
import { z } from 'zod';
import { ENROLMENT_ACTIONS, ENROLMENT_STATE_LABELS, type EnrolmentAction, type EnrolmentState } from '../../domain/enrolmentMachine';
import { enrolmentActionUpdate } from '../../workflows/enrolmentMessages';
import type { ApiDeps } from '../deps';
import { HttpError, illegalAction, notFound } from '../errors';
import { route } from '../route';
import { sendStep, subjectTasks } from '../subjects';
import { ACTION_SCHEMAS, EnrolmentIdParams } from './schemas';

interface EnrolmentRow {
  enrolment_id: string;
  household_id: string;
  application_id: string;
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

/** An enrolment in the registry and its steps: report a change, complete the (annual or early) review. */
export function enrolmentsRouter(deps: ApiDeps): Router {
  const r = Router();
  const find = async (id: string) => {
    const [row] = await deps.db.query<EnrolmentRow>('SELECT * FROM enrolments WHERE enrolment_id = $1', [id]);
    if (!row) throw notFound(`enrolment ${id}`);
    return row;
  };
  const view = async (id: string) => {
    const e = await find(id);
    return {
      enrolmentId: e.enrolment_id,
      householdId: e.household_id,
      applicationId: e.application_id,
      state: e.state,
      stateLabel: ENROLMENT_STATE_LABELS[e.state],
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
  };

  r.get('/enrolments/:id', route({ params: EnrolmentIdParams }, async ({ params }, _req, res) => {
    res.json(await view(params.id));
  }));
  for (const action of Object.keys(ENROLMENT_ACTIONS) as EnrolmentAction[]) {
    r.post(`/enrolments/:id/actions/${action}`, route({ params: EnrolmentIdParams, body: ACTION_SCHEMAS[action], actor: true, idempotencyKey: true },
      async ({ params, body, actor, idempotencyKey }, _req, res) => {
        const e = await find(params.id);
        if (!e.allowed_actions.includes(action)) {
          throw illegalAction({ action, state: e.state, allowedActions: e.allowed_actions }, `${action} is not allowed while the enrolment is ${e.state}`);
        }
        await sendStep(deps, params.id, action, enrolmentActionUpdate(action), { actor, input: body, idempotencyKey });
        res.json(await view(params.id));
      }));
  }
  r.post('/enrolments/:id/actions/:action', route({ params: z.object({ action: z.string() }) }, async ({ params }) => {
    throw new HttpError(404, 'UNKNOWN_ACTION', `unknown action ${params.action}`, { actions: Object.keys(ENROLMENT_ACTIONS) });
  }));
  return r;
}
