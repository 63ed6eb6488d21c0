import { z } from 'zod';
import { errors, json, ok, type Registry } from '../openapiParts';
import { EXCHANGE_API } from '../exchanges/router';
import { registerSubjectPaths } from '../subjectApi';
import { ENROLMENT_API } from './router';
import { ImportEnrolmentRequest } from './schemas';

export function registerEnrolmentPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/enrolments', summary: 'Import a recipient enrolled before aidloop (存量救助对象) so their annual reviews and exit run here',
    request: { body: json(ImportEnrolmentRequest) },
    responses: { 201: ok('imported; its enrolment workflow runs'), 200: ok('this reference was imported before'), 202: ok('started; not yet confirmed'), 400: errors[400] },
  });
  registerSubjectPaths(registry, ENROLMENT_API);
  registerSubjectPaths(registry, EXCHANGE_API);
  registry.registerPath({
    method: 'get', path: '/households/{id}', summary: 'A household: members (masked), enrolments, applications and decisions, rejections',
    request: { params: z.object({ id: z.string() }) }, responses: { 200: ok('the household'), 404: errors[404] },
  });
  registry.registerPath({
    method: 'get', path: '/households/{id}/duties', summary: 'Every open duty of a household (its enrolments, applications, and its members\' cases and emergencies) with due dates',
    request: { params: z.object({ id: z.string() }) }, responses: { 200: ok('open duties'), 404: errors[404] },
  });
}
