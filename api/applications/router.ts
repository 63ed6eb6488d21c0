import { Router } from 'express';
import { GENERAL, createIn } from '../access';
import { answerReceived } from '../subjects';
import type { ApiDeps } from '../deps';
import { route } from '../route';
import { mountSubject } from '../subjectApi';
import { ApplicationRequest, AssessRequest } from './schemas';
import { APPLICATION_API, assessWhatIf, getApplication, receiveApplication } from './service';

export function applicationsRouter(deps: ApiDeps): Router {
  const r = Router();
  r.post('/applications', route({ body: ApplicationRequest, actor: true }, ({ body }) => createIn('apply', body.townshipCode), async ({ body, actor }, _req, res) => {
    const received = await receiveApplication(deps, body, actor);
    await answerReceived(res, received, 'applicationId', received.applicationId, `applications/${received.applicationId}`,
      () => getApplication(deps, received.applicationId));
  }));

  mountSubject(r, deps, APPLICATION_API);

  r.post('/eligibility/assess', route({ body: AssessRequest }, () => GENERAL, async ({ body }, _req, res) => {
    res.json(await assessWhatIf(deps, body));
  }));
  return r;
}
