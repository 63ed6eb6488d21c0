import { z } from 'zod';
import { errors, json, ok, receivedResponses, row, type Registry } from '../openapiParts';
import { EXCHANGE_API } from '../exchanges/router';
import { registerSubjectPaths } from '../subjectApi';
import { ENROLMENT_API, EnrolmentResponse } from './router';
import { ImportEnrolmentRequest } from './schemas';

export function registerEnrolmentPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/enrolments', summary: 'Import a recipient enrolled before aidloop (存量救助对象) so their annual reviews and exit run here',
    request: { body: json(ImportEnrolmentRequest) },
    responses: {
      ...receivedResponses(EnrolmentResponse, 'enrolmentId', { created: 'imported; its enrolment workflow runs', again: 'this reference was imported before', pending: 'started; not yet confirmed' }),
      400: errors[400],
    },
  });
  registerSubjectPaths(registry, ENROLMENT_API);
  registerSubjectPaths(registry, EXCHANGE_API);
  registry.registerPath({
    method: 'get', path: '/households/{id}', summary: 'A household: members (masked), enrolments, applications and decisions, rejections',
    request: { params: z.object({ id: z.string() }) }, responses: {
      200: ok('the household', z.object({
        householdId: z.string(), townshipCode: z.string(), applicant: row({ idNumber: z.string().nullable() }),
        members: z.array(row({})), enrolments: z.array(row({})), applications: z.array(row({})),
        rejections: z.array(z.object({ applicationId: z.string(), rejectedOn: z.string(), reason: z.string() })),
      })),
      404: errors[404],
    },
  });
  registry.registerPath({
    method: 'get', path: '/households/{id}/duties', summary: 'Every open duty of a household (its enrolments, applications, and its members\' cases and emergencies) with due dates',
    request: { params: z.object({ id: z.string() }) }, responses: {
      200: ok('open duties, soonest due first', z.object({
        householdId: z.string(),
        duties: z.array(z.object({
          taskId: z.string(), subjectType: z.string(), subjectId: z.string(), kind: z.string(), title: z.string(), regionCode: z.string(),
          department: z.string().nullable(), dueOn: z.string().nullable(), openedAt: z.string(), overdue: z.boolean(),
        })),
      })),
      404: errors[404],
    },
  });
}
