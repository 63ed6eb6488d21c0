import { Router } from 'express';
import { createIn } from '../access';
import { answerReceived } from '../subjects';
import type { ApiDeps } from '../deps';
import { route } from '../route';
import { mountSubject } from '../subjectApi';
import { EmergencyRequest } from './schemas';
import { EMERGENCY_API, getEmergency, reportEmergency } from './service';

/** Emergency aid (急难社会救助): report where it happened, first aid or approval, documentation afterwards. */
export function emergenciesRouter(deps: ApiDeps): Router {
  const r = Router();
  r.post('/emergencies', route({ body: EmergencyRequest, actor: true }, ({ body }) => createIn('report-emergency', body.townshipCode), async ({ body, actor }, _req, res) => {
    // Pending: the emergency workflow exists and runs (and pays) when a worker is back; nothing is lost or paid twice.
    const reported = await reportEmergency(deps, body, actor);
    await answerReceived(res, reported, 'emergencyId', reported.emergencyId, `emergencies/${reported.emergencyId}`,
      () => getEmergency(deps, reported.emergencyId));
  }));
  mountSubject(r, deps, EMERGENCY_API);
  return r;
}
