import { Router } from 'express';
import { GENERAL, createIn, subjectAccess } from '../access';
import { actionRoutes } from '../actionRoutes';
import { answerReceived } from '../subjects';
import type { ApiDeps } from '../deps';
import { route } from '../route';
import { ACTION_SCHEMAS, ApplicationIdParams, ApplicationRequest, AssessRequest } from './schemas';
import { actOnApplication, assessWhatIf, getApplication, receiveApplication } from './service';

export function applicationsRouter(deps: ApiDeps): Router {
  const r = Router();
  const applications = subjectAccess(deps, 'APPLICATION');

  r.post('/applications', route({ body: ApplicationRequest, actor: true }, ({ body }) => createIn('apply', body.townshipCode), async ({ body, actor }, _req, res) => {
    const received = await receiveApplication(deps, body, actor);
    await answerReceived(res, received, 'applicationId', received.applicationId, `applications/${received.applicationId}`,
      () => getApplication(deps, received.applicationId));
  }));

  r.get('/applications/:id', route({ params: ApplicationIdParams }, applications.read, async ({ params }, _req, res) => {
    res.json(await getApplication(deps, params.id));
  }));

  actionRoutes(r, '/applications', ApplicationIdParams, ACTION_SCHEMAS, (id, action, request) => actOnApplication(deps, id, action, request), (action, input) => applications.act(action)(input));

  r.post('/eligibility/assess', route({ body: AssessRequest }, () => GENERAL, async ({ body }, _req, res) => {
    res.json(await assessWhatIf(deps, body));
  }));
  return r;
}
