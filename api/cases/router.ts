import { Router } from 'express';
import { createIn } from '../access';
import { answerReceived } from '../subjects';
import type { ApiDeps } from '../deps';
import { route } from '../route';
import { mountSubject } from '../subjectApi';
import { WarningRequest } from './schemas';
import { CASE_API, getCase, receiveWarning } from './service';
import { warningsRaised } from '../../config/metrics';

export function casesRouter(deps: ApiDeps): Router {
  const r = Router();
  r.post('/warnings', route({ body: WarningRequest, actor: true }, ({ body }) => createIn('receive-warning', body.townshipCode), async ({ body, actor }, _req, res) => {
    const received = await receiveWarning(deps, body, actor);
    if (received.created) warningsRaised.inc({ source: body.source });
    await answerReceived(res, received, 'caseId', received.caseId, `cases/${received.caseId}`, () => getCase(deps, received.caseId));
  }));
  mountSubject(r, deps, CASE_API);
  return r;
}
