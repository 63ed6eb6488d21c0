import { z } from 'zod';
import { actorHeaders, errors, idempotentActorHeaders, json, ok, registerActionPaths, type Registry } from '../openapiParts';
import { CompleteDutyInput, ExchangeIdParams } from '../exchanges/router';
import { ACTION_SCHEMAS, EnrolmentIdParams, ImportEnrolmentRequest } from './schemas';

export function registerEnrolmentPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/enrolments', summary: 'Import a recipient enrolled before aidloop (存量救助对象) so their annual reviews and exit run here',
    request: { headers: actorHeaders, body: json(ImportEnrolmentRequest) },
    responses: { 201: ok('imported; its enrolment workflow runs'), 200: ok('this reference was imported before'), 202: ok('started; not yet confirmed'), 400: errors[400] },
  });
  registry.registerPath({
    method: 'get', path: '/enrolments/{id}', summary: 'An enrolment: tier, amount, next review, exit and monitoring dates, open tasks',
    request: { params: EnrolmentIdParams }, responses: { 200: ok('the enrolment'), 404: errors[404] },
  });
  registerActionPaths(registry, '/enrolments', EnrolmentIdParams, ACTION_SCHEMAS, (a) => `Enrolment step: ${a}`);
  registry.registerPath({
    method: 'get', path: '/exchanges/{id}', summary: "A county's monthly data exchange (exchange-<county>-<YYYY-MM>): its duties, due dates, overdue ones",
    request: { params: ExchangeIdParams }, responses: { 200: ok('the exchange'), 404: errors[404] },
  });
  registry.registerPath({
    method: 'post', path: '/exchanges/{id}/actions/complete-duty', summary: 'Record one duty of the monthly exchange as done',
    request: { params: ExchangeIdParams, headers: idempotentActorHeaders, body: json(CompleteDutyInput) },
    responses: { 200: ok('the exchange after the step'), ...errors },
  });
  registry.registerPath({
    method: 'get', path: '/households/{id}', summary: 'A household: members (masked), enrolments, applications and decisions, rejections',
    request: { params: z.object({ id: z.string() }) }, responses: { 200: ok('the household'), 404: errors[404] },
  });
  registry.registerPath({
    method: 'get', path: '/households/{id}/duties', summary: 'Every open duty of a household (its enrolments, applications, and its members\' cases and emergencies) with due dates',
    request: { params: z.object({ id: z.string() }) }, responses: { 200: ok('open duties'), 404: errors[404] },
  });
}
