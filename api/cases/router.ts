import { Router } from 'express';
import { actionRoutes } from '../actionRoutes';
import type { ApiDeps } from '../deps';
import { route } from '../route';
import { caseHistory } from './history';
import { ACTION_SCHEMAS, CaseIdParams, WarningRequest } from './schemas';
import { act, getCase, receiveWarning } from './service';

export function casesRouter(deps: ApiDeps): Router {
  const r = Router();

  r.post('/warnings', route({ body: WarningRequest, actor: true }, async ({ body, actor }, _req, res) => {
    const received = await receiveWarning(deps, body, actor);
    if (received.pending) {
      // The case workflow exists and will run when a worker is back: nothing is lost.
      res.status(202).location(`cases/${received.caseId}`).json({ created: received.created, caseId: received.caseId, state: 'receiving' });
      return;
    }
    res.status(received.created ? 201 : 200).json({ created: received.created, ...received.case });
  }));

  r.get('/cases/:id', route({ params: CaseIdParams }, async ({ params }, _req, res) => {
    res.json(await getCase(deps, params.id));
  }));

  r.get('/cases/:id/history', route({ params: CaseIdParams }, async ({ params }, _req, res) => {
    await getCase(deps, params.id); // 404 for an unknown case before asking Temporal
    res.json({ caseId: params.id, events: await caseHistory(deps, params.id) });
  }));

  // One route per machine event, each validated by its own schema.
  actionRoutes(r, '/cases', CaseIdParams, ACTION_SCHEMAS, (id, action, request) => act(deps, id, action, request));
  return r;
}
