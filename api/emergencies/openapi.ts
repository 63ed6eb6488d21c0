import { errors, json, problem, receivedResponses, type Registry } from '../openapiParts';
import { registerSubjectPaths } from '../subjectApi';
import { EmergencyRequest } from './schemas';
import { EMERGENCY_API, EmergencyResponse } from './service';

export function registerEmergencyPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/emergencies',
    summary: 'Report an emergency where it happened (急难社会救助); within the local first-aid limit it is paid at once (先行救助)',
    request: { body: json(EmergencyRequest) },
    responses: {
      ...receivedResponses(EmergencyResponse, 'emergencyId', {
        created: 'emergency reported: assessed, and paid if within the first-aid limit',
        again: 'this township already has this reportId: the same emergency, not paid again',
        pending: 'the emergency workflow is started but no worker confirmed it in time; it runs (and pays) when a worker is back',
      }),
      400: errors[400],
      422: problem('no emergency policy applies to the township on occurredOn'),
    },
  });
  registerSubjectPaths(registry, EMERGENCY_API);
}
