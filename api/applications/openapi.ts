import { actorHeaders, errors, json, ok, registerActionPaths, type Registry } from '../openapiParts';
import { ACTION_SCHEMAS, ApplicationIdParams, ApplicationRequest, AssessRequest } from './schemas';

export function registerApplicationPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/applications', summary: 'Receive an application (一次申请): by the person, by the village on their behalf, or from a case referral',
    request: { headers: actorHeaders, body: json(ApplicationRequest) },
    responses: { 201: ok('application opened'), 200: ok('this reference already has an application'), 202: ok('started; receipt not yet confirmed'), 400: errors[400] },
  });
  registry.registerPath({
    method: 'get', path: '/applications/{id}', summary: 'Status, the engine decision with its explanation, publicity, outcome, tasks',
    request: { params: ApplicationIdParams }, responses: { 200: ok('the application'), 404: errors[404] },
  });
  registerActionPaths(registry, '/applications', ApplicationIdParams, ACTION_SCHEMAS, (a) => `Application step: ${a}`);
  registry.registerPath({
    method: 'post', path: '/eligibility/assess', summary: 'What-if: classify a household against every tier with the policy in force; nothing is written',
    request: { body: json(AssessRequest) }, responses: { 200: ok('the decision with its explanation'), 400: errors[400], 422: ok('policy missing') },
  });
}
