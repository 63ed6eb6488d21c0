import { Router } from 'express';
import { z } from 'zod';
import { APPLICATION_ACTIONS, type ApplicationAction } from '../../domain/applicationMachine';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { route } from '../route';
import { ACTION_SCHEMAS, ApplicationIdParams, ApplicationRequest, AssessRequest } from './schemas';
import { actOnApplication, assessWhatIf, getApplication, receiveApplication } from './service';

export function applicationsRouter(deps: ApiDeps): Router {
  const r = Router();

  r.post('/applications', route({ body: ApplicationRequest, actor: true }, async ({ body, actor }, _req, res) => {
    const received = await receiveApplication(deps, body, actor);
    if (received.pending) {
      res.status(202).location(`applications/${received.applicationId}`).json({ created: received.created, applicationId: received.applicationId, state: 'receiving' });
      return;
    }
    res.status(received.created ? 201 : 200).json({ created: received.created, ...received.application });
  }));

  r.get('/applications/:id', route({ params: ApplicationIdParams }, async ({ params }, _req, res) => {
    res.json(await getApplication(deps, params.id));
  }));

  for (const action of Object.keys(APPLICATION_ACTIONS) as ApplicationAction[]) {
    r.post(`/applications/:id/actions/${action}`, route({ params: ApplicationIdParams, body: ACTION_SCHEMAS[action], actor: true, idempotencyKey: true },
      async ({ params, body, actor, idempotencyKey }, _req, res) => {
        res.json(await actOnApplication(deps, params.id, action, { actor, input: body, idempotencyKey }));
      }));
  }
  r.post('/applications/:id/actions/:action', route({ params: z.object({ action: z.string() }) }, async ({ params }) => {
    throw new HttpError(404, 'UNKNOWN_ACTION', `unknown action ${params.action}`, { actions: Object.keys(APPLICATION_ACTIONS) });
  }));

  r.post('/eligibility/assess', route({ body: AssessRequest }, async ({ body }, _req, res) => {
    res.json(await assessWhatIf(deps, body));
  }));
  return r;
}
