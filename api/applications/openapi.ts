import { z } from 'zod';
import { errors, json, ok, problem, receivedResponses, row, type Registry } from '../openapiParts';
import { registerSubjectPaths } from '../subjectApi';
import { ApplicationRequest, AssessRequest } from './schemas';
import { APPLICATION_API, ApplicationResponse } from './service';

/** domain/eligibility's decision: each tier's verdict with its explanation and the policy versions it read. */
const EligibilityDecision = row({
  assessedOn: z.string(), primaryTier: z.string().nullable(), summary: z.string(),
  tiers: z.record(z.string(), z.unknown()), rules: z.array(z.unknown()), policyVersions: z.record(z.string(), z.string()),
});

export function registerApplicationPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/applications', summary: 'Receive an application (一次申请): by the person, by the village on their behalf, or from a case referral',
    request: { body: json(ApplicationRequest) },
    responses: {
      ...receivedResponses(ApplicationResponse, 'applicationId', { created: 'application opened', again: 'this reference already has an application', pending: 'started; receipt not yet confirmed' }),
      400: errors[400],
    },
  });
  registerSubjectPaths(registry, APPLICATION_API);
  registry.registerPath({
    method: 'post', path: '/eligibility/assess', summary: 'What-if: classify a household against every tier with the policy in force; nothing is written',
    request: { body: json(AssessRequest) }, responses: { 200: ok('the decision with its explanation', EligibilityDecision), 400: errors[400], 422: problem('policy missing') },
  });
}
