import { Router } from 'express';
import { createIn, subjectAccess } from '../access';
import { actionRoutes } from '../actionRoutes';
import { answerReceived } from '../subjects';
import type { ApiDeps } from '../deps';
import { route } from '../route';
import { EMERGENCY_ACTION_SCHEMAS, EmergencyIdParams, EmergencyRequest } from './schemas';
import { actOnEmergency, emergencyHistory, getEmergency, reportEmergency } from './service';

/** Emergency aid (急难社会救助): report where it happened, first aid or approval, documentation afterwards. */
export function emergenciesRouter(deps: ApiDeps): Router {
  const r = Router();
  const emergencies = subjectAccess(deps, 'EMERGENCY');

  r.post('/emergencies', route({ body: EmergencyRequest, actor: true }, ({ body }) => createIn('report-emergency', body.townshipCode), async ({ body, actor }, _req, res) => {
    // Pending: the emergency workflow exists and runs (and pays) when a worker is back; nothing is lost or paid twice.
    const reported = await reportEmergency(deps, body, actor);
    await answerReceived(res, reported, 'emergencyId', reported.emergencyId, `emergencies/${reported.emergencyId}`,
      () => getEmergency(deps, reported.emergencyId));
  }));

  r.get('/emergencies/:id', route({ params: EmergencyIdParams }, emergencies.read, async ({ params }, _req, res) => {
    res.json(await getEmergency(deps, params.id));
  }));

  r.get('/emergencies/:id/history', route({ params: EmergencyIdParams }, emergencies.audit, async ({ params }, _req, res) => {
    await getEmergency(deps, params.id); // 404 for an unknown emergency before asking Temporal
    res.json({ emergencyId: params.id, events: await emergencyHistory(deps, params.id) });
  }));

  actionRoutes(r, '/emergencies', EmergencyIdParams, EMERGENCY_ACTION_SCHEMAS, (id, action, request) => actOnEmergency(deps, id, action, request), (action, input) => emergencies.act(action)(input));
  return r;
}
