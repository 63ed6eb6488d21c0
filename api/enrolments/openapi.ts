import { z } from 'zod';
import { ENROLMENT_ACTIONS, type EnrolmentAction } from '../../domain/enrolmentMachine';
import { errors, idempotentActorHeaders, json, ok, type Registry } from '../openapiParts';
import { ACTION_SCHEMAS, EnrolmentIdParams } from './schemas';

export function registerEnrolmentPaths(registry: Registry): void {
  registry.registerPath({
    method: 'get', path: '/enrolments/{id}', summary: 'An enrolment: tier, amount, next review, exit and monitoring dates, open tasks',
    request: { params: EnrolmentIdParams }, responses: { 200: ok('the enrolment'), 404: errors[404] },
  });
  for (const action of Object.keys(ENROLMENT_ACTIONS) as EnrolmentAction[]) {
    registry.registerPath({
      method: 'post', path: `/enrolments/{id}/actions/${action}`, summary: `Enrolment step: ${action}`,
      request: { params: EnrolmentIdParams, headers: idempotentActorHeaders, body: json(ACTION_SCHEMAS[action]) },
      responses: { 200: ok('the enrolment after the step'), ...errors },
    });
  }
  registry.registerPath({
    method: 'get', path: '/households/{id}', summary: 'A household: members (masked), enrolments, applications and decisions, rejections',
    request: { params: z.object({ id: z.string() }) }, responses: { 200: ok('the household'), 404: errors[404] },
  });
  registry.registerPath({
    method: 'get', path: '/households/{id}/duties', summary: 'Every open duty of a household (its enrolments, applications, and its members\' cases and emergencies) with due dates',
    request: { params: z.object({ id: z.string() }) }, responses: { 200: ok('open duties'), 404: errors[404] },
  });
}
