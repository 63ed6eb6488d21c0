import { Router } from 'express';
import { z } from 'zod';
import { exchangeActionUpdate } from '../../workflows/exchangeMessages';
import type { ApiDeps } from '../deps';
import { illegalAction, notFound } from '../errors';
import { route } from '../route';
import { sendStep, subjectTasks } from '../subjects';

export const ExchangeIdParams = z.object({ id: z.string().regex(/^exchange-\d{6}-\d{4}-\d{2}$/, 'must be exchange-<county>-<YYYY-MM>') });
export const CompleteDutyInput = z.object({
  key: z.string().min(1).max(64).describe('the duty, e.g. DATA_REQUEST:MEDICAL_INSURANCE or PUSH_ENROLMENTS'),
  note: z.string().trim().min(1).max(2000).describe('what was exchanged (batch, counts)'),
});

/** A county's monthly exchange: its duties, and recording one as done. */
export function exchangesRouter(deps: ApiDeps): Router {
  const r = Router();
  const find = async (id: string) => {
    const [row] = await deps.db.query<{ workflow_id: string; county_code: string; month: string; state: string; context: unknown; allowed_actions: string[]; overdue: string[]; opened_at: Date; closed_at: Date | null }>(
      'SELECT * FROM exchanges WHERE exchange_id = $1', [id]);
    if (!row) throw notFound(`exchange ${id}`);
    return row;
  };
  const view = async (id: string) => {
    const e = await find(id);
    return {
      exchangeId: id, countyCode: e.county_code, month: e.month, state: e.state, allowedActions: e.allowed_actions,
      overdueDuties: e.overdue, context: e.context, openedAt: e.opened_at, closedAt: e.closed_at,
      ...(await subjectTasks(deps, 'EXCHANGE', id)),
    };
  };
  r.get('/exchanges/:id', route({ params: ExchangeIdParams }, async ({ params }, _req, res) => {
    res.json(await view(params.id));
  }));
  r.post('/exchanges/:id/actions/complete-duty', route({ params: ExchangeIdParams, body: CompleteDutyInput, actor: true, idempotencyKey: true },
    async ({ params, body, actor, idempotencyKey }, _req, res) => {
      const e = await find(params.id);
      if (e.state !== 'open') throw illegalAction({ action: 'complete-duty', state: e.state, allowedActions: [] }, 'the exchange is closed');
      await sendStep(deps, e.workflow_id, 'complete-duty', exchangeActionUpdate('complete-duty'), { actor, input: body, idempotencyKey });
      res.json(await view(params.id));
    }));
  return r;
}
