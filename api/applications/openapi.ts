import { errors, json, ok, type Registry } from '../openapiParts';
import { registerSubjectPaths } from '../subjectApi';
import { ApplicationRequest, AssessRequest } from './schemas';
import { APPLICATION_API } from './service';

export function registerApplicationPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/applications', summary: 'Receive an application (一次申请): by the person, by the village on their behalf, or from a case referral',
    request: { body: json(ApplicationRequest) },
    responses: { 201: ok('application opened'), 200: ok('this reference already has an application'), 202: ok('started; receipt not yet confirmed'), 400: errors[400] },
  });
  registerSubjectPaths(registry, APPLICATION_API);
  registry.registerPath({
    method: 'post', path: '/eligibility/assess', summary: 'What-if: classify a household against every tier with the policy in force; nothing is written',
    request: { body: json(AssessRequest) }, responses: { 200: ok('the decision with its explanation'), 400: errors[400], 422: ok('policy missing') },
  });
}
