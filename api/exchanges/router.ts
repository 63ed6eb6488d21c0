import { Router } from 'express';
import { z } from 'zod';
import { EXCHANGE_KIND, type ExchangeAction } from '../../domain/exchangeMachine';
import { exchangeActionUpdate } from '../../workflows/exchangeMessages';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { mountSubject, type SubjectApi } from '../subjectApi';
import { subjectTasks } from '../subjects';
import { subjectView } from '../openapiParts';

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

interface ExchangeRow {
  workflow_id: string;
  county_code: string;
  month: string;
  state: string;
  context: unknown;
  allowed_actions: string[];
  overdue: string[];
  opened_at: Date;
  closed_at: Date | null;
}

async function findExchange(deps: ApiDeps, id: string): Promise<ExchangeRow | undefined> {
  const [row] = await deps.db.query<ExchangeRow>('SELECT * FROM exchanges WHERE exchange_id = $1', [id]);
  return row;
}

/** The view of one (GET, and the answer of every step). */
export const ExchangeResponse = subjectView('exchangeId', {
  countyCode: z.string(), month: z.string(), overdueDuties: z.unknown(), context: z.unknown(), openedAt: z.unknown(), closedAt: z.unknown(),
});

/** A county's monthly exchange: its duties, and recording one as done (see subjectApi.ts). */
export const EXCHANGE_API: SubjectApi<ExchangeAction> = {
  kind: EXCHANGE_KIND,
  base: '/exchanges',
  idField: 'exchangeId',
  params: ExchangeIdParams,
  schemas: { 'complete-duty': CompleteDutyInput },
  update: exchangeActionUpdate,
  find: findExchange,
  response: ExchangeResponse,
  view: async (deps, id) => {
    const e = await findExchange(deps, id);
    if (!e) throw notFound(`exchange ${id}`);
    return {
      exchangeId: id, countyCode: e.county_code, month: e.month, state: e.state, allowedActions: e.allowed_actions,
      overdueDuties: e.overdue, context: e.context, openedAt: e.opened_at, closedAt: e.closed_at,
      ...(await subjectTasks(deps, 'EXCHANGE', id)),
    };
  },
  // A department completes only its own duty of the exchange.
  narrowAccess: async (_deps, _action, input, access) =>
    access.kind === 'act' ? { ...access, departments: [dutyDepartment((input.body as { key: string }).key)] } : access,
  openapi: {
    get: "A county's monthly data exchange (exchange-<county>-<YYYY-MM>): its duties, due dates, overdue ones",
    action: () => 'Record one duty of the monthly exchange as done',
  },
  timeline: {
    projectionActivity: 'recordExchangeEvent',
    started: 'monthly exchange started by its schedule',
    timerStarted: 'duty due-date timer started',
    timerFired: 'duty due date passed',
    completed: 'monthly exchange closed',
    ended: 'monthly exchange workflow ended abnormally',
  },
};

export function exchangesRouter(deps: ApiDeps): Router {
  const r = Router();
  mountSubject(r, deps, EXCHANGE_API);
  return r;
}
