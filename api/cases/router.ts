import { Router } from 'express';
import { createIn, subjectAccess } from '../access';
import { actionRoutes } from '../actionRoutes';
import { answerReceived } from '../subjects';
import type { ApiDeps } from '../deps';
import { route } from '../route';
import { caseHistory } from './history';
import { ACTION_SCHEMAS, CaseIdParams, WarningRequest } from './schemas';
import { act, getCase, receiveWarning } from './service';
import { warningsRaised } from '../../config/metrics';

export function casesRouter(deps: ApiDeps): Router {
  const r = Router();
  const cases = subjectAccess(deps, 'CASE');

  r.post('/warnings', route({ body: WarningRequest, actor: true }, ({ body }) => createIn('receive-warning', body.townshipCode), async ({ body, actor }, _req, res) => {
    const received = await receiveWarning(deps, body, actor);
    if (received.created) warningsRaised.inc({ source: body.source });
    await answerReceived(res, received, 'caseId', received.caseId, `cases/${received.caseId}`, () => getCase(deps, received.caseId));
  }));

  r.get('/cases/:id', route({ params: CaseIdParams }, cases.read, async ({ params }, _req, res) => {
    res.json(await getCase(deps, params.id));
  }));

  r.get('/cases/:id/history', route({ params: CaseIdParams }, cases.audit, async ({ params }, _req, res) => {
    await getCase(deps, params.id); // 404 for an unknown case before asking Temporal
    res.json({ caseId: params.id, events: await caseHistory(deps, params.id) });
  }));

  // One route per machine event, each validated by its own schema.
  actionRoutes(r, '/cases', CaseIdParams, ACTION_SCHEMAS, (id, action, request) => act(deps, id, action, request), async (action, input) => {
    const access = await cases.act(action)(input);
    // A department reports results only for the items referred to it.
    const itemId = (input.body as { itemId?: string }).itemId;
    if (action !== 'report-result' || access.kind !== 'act' || !itemId) return access;
    const [item] = await deps.db.query<{ refer_to: string | null }>(
      `SELECT i->>'referTo' AS refer_to FROM cases, jsonb_array_elements(context->'items') i WHERE case_id = $1 AND i->>'id' = $2`,
      [(input.params as { id: string }).id, itemId]);
    return { ...access, departments: item?.refer_to ? [item.refer_to] : [] };
  });
  return r;
}
