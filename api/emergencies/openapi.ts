import { actorHeaders, errors, json, ok, registerActionPaths, type Registry } from '../openapiParts';
import type { EmergencyAction } from '../../domain/emergencyMachine';
import { EMERGENCY_ACTION_SCHEMAS, EmergencyIdParams, EmergencyRequest } from './schemas';

const ACTION_SUMMARIES: Record<EmergencyAction, string> = {
  document: 'Document a first-aid payment afterwards (事后补充说明情况); closes the emergency',
  review: 'Township review (乡镇审核) of an emergency above the first-aid limit',
  approve: 'County approval (县级审批); the approved amount is paid at once and the emergency closes',
  reject: 'County rejection (不予救助); nothing is paid',
};

export function registerEmergencyPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/emergencies',
    summary: 'Report an emergency where it happened (急难社会救助); within the local first-aid limit it is paid at once (先行救助)',
    request: { headers: actorHeaders, body: json(EmergencyRequest) },
    responses: {
      201: ok('emergency reported: assessed, and paid if within the first-aid limit'),
      200: ok('this township already has this reportId: the same emergency, not paid again'),
      202: ok('the emergency workflow is started but no worker confirmed it in time; it runs (and pays) when a worker is back'),
      400: errors[400],
      422: ok('no emergency policy applies to the township on occurredOn'),
    },
  });
  registry.registerPath({
    method: 'get', path: '/emergencies/{id}',
    summary: 'Emergency status: assessment, payment, documentation due date and overdue flag, open tasks, allowed actions',
    request: { params: EmergencyIdParams }, responses: { 200: ok('the emergency'), 400: errors[400], 404: errors[404] },
  });
  registry.registerPath({
    method: 'get', path: '/emergencies/{id}/history', summary: "The emergency's Temporal event history as a readable timeline",
    request: { params: EmergencyIdParams }, responses: { 200: ok('timeline'), 400: errors[400], 404: errors[404] },
  });
  registerActionPaths(registry, '/emergencies', EmergencyIdParams, EMERGENCY_ACTION_SCHEMAS, (a) => ACTION_SUMMARIES[a]);
}
