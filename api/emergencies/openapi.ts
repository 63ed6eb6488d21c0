import { errors, json, ok, type Registry } from '../openapiParts';
import { registerSubjectPaths } from '../subjectApi';
import { EmergencyRequest } from './schemas';
import { EMERGENCY_API } from './service';

export function registerEmergencyPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/emergencies',
    summary: 'Report an emergency where it happened (急难社会救助); within the local first-aid limit it is paid at once (先行救助)',
    request: { body: json(EmergencyRequest) },
    responses: {
      201: ok('emergency reported: assessed, and paid if within the first-aid limit'),
      200: ok('this township already has this reportId: the same emergency, not paid again'),
      202: ok('the emergency workflow is started but no worker confirmed it in time; it runs (and pays) when a worker is back'),
      400: errors[400],
      422: ok('no emergency policy applies to the township on occurredOn'),
    },
  });
  registerSubjectPaths(registry, EMERGENCY_API);
}
