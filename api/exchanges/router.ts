import { Router } from 'express';
import { z } from 'zod';
import { exchangeActionUpdate } from '../../workflows/exchangeMessages';
import type { ApiDeps } from '../deps';
import { illegalAction, notFound } from '../errors';
import { subjectAccess } from '../access';
import { route } from '../route';
import { sendStep, subjectTasks } from '../subjects';

export const ExchangeIdParams = z.object({ id: z.string().regex(/^exchange-\d{6}-\d{4}-\d{2}$/, 'must be exchange-<county>-<YYYY-MM>') });
export const CompleteDutyInput = z.object({
  key: z.string().min(1).max(64).describe('the duty, e.g. DATA_REQUEST:MEDICAL_INSURANCE or PUSH_ENROLMENTS'),
  note: z.string().trim().min(1).max(2000).describe('what was exchanged (batch, counts)'),
});

/** The department that owns a duty of the exchange (its DATA_REQUEST department, or who pushes). */
function dutyDepartment(key: string): string {
  if (key.startsWith('DATA_REQUEST:')) return key.slice('DATA_REQUEST:'.length);
  return key === 'PUSH_MONITORING_OBJECTS' ? 'AGRICULTURE' : 'CIVIL_AFFAIRS';
}

/** A county's monthly exchange: its duties, and recording one as done. */
export function exchangesRouter(deps: ApiDeps): Router {
  const r = Router();
  const exchanges = subjectAccess(deps, 'EXCHANGE');
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
  r.get('/exchanges/:id', route({ params: ExchangeIdParams }, exchanges.read, async ({ params }, _req, res) => {
    res.json(await view(params.id));
  }));
  r.post('/exchanges/:id/actions/complete-duty', route(
    { params: ExchangeIdParams, body: CompleteDutyInput, actor: true, idempotencyKey: true },
    // A department completes only its own duty of the exchange.
    async (input) => ({ ...(await exchanges.act('complete-duty')(input)), departments: [dutyDepartment(input.body.key)] }),
    async ({ params, body, actor, idempotencyKey }, _req, res) => {
      const e = await find(params.id);
      if (e.state !== 'open') throw illegalAction({ action: 'complete-duty', state: e.state, allowedActions: [] }, 'the exchange is closed');
      await sendStep(deps, e.workflow_id, 'complete-duty', exchangeActionUpdate('complete-duty'), { actor, input: body, idempotencyKey });
      res.json(await view(params.id));
    }));
  return r;
}
