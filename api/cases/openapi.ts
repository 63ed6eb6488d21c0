import { z } from 'zod';
import { errors, json, ok, pageOf, problem, receivedResponses, row, type Registry } from '../openapiParts';
import { OverdueQuery } from '../supervision/router';
import { TasksQuery } from '../tasks/router';
import { registerSubjectPaths } from '../subjectApi';
import { WarningRequest } from './schemas';
import { CASE_API, CaseResponse } from './service';

/** An open task (api/tasks/taskRows.ts taskView), in keyset pages under a region. */
const Task = row({
  taskId: z.string(), subjectType: z.string(), subjectId: z.string(), kind: z.string(), kindLabel: z.string().nullable(), title: z.string(),
  regionCode: z.string(), dueOn: z.string().nullable(), heldBy: z.string().nullable(),
});
const tasksPage = (item: z.ZodObject) => pageOf(item).extend({ region: z.string(), regionName: z.string().nullable() });

export function registerCasePaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/warnings', summary: 'Receive a warning (线上预警) and open its case; the same source record again returns the same case',
    request: { body: json(WarningRequest) },
    responses: {
      ...receivedResponses(CaseResponse, 'caseId', {
        created: 'case opened', again: 'this source record already has a case',
        pending: 'the case workflow is started but no worker confirmed receipt in time; it runs when a worker is back',
      }),
      400: errors[400],
      422: problem('no deadline policy applies to the township'),
    },
  });
  registerSubjectPaths(registry, CASE_API);
  registry.registerPath({
    method: 'get', path: '/tasks', summary: 'Inbox: open tasks under a region',
    request: { query: TasksQuery },
    responses: { 200: ok('open tasks, soonest due first', tasksPage(Task.extend({ overdue: z.boolean() }))), 400: errors[400], 403: problem('the region is outside yours') },
  });
  registry.registerPath({
    method: 'get', path: '/supervision/overdue', summary: 'Every overdue step under a region, oldest first, with working days overdue',
    request: { query: OverdueQuery },
    responses: {
      200: ok('overdue steps, oldest first', tasksPage(Task.extend({ workingDaysOverdue: z.number().int() })).extend({
        asOf: z.string(),
        total: z.number().int().optional().describe('on the first page: overdue steps in all'),
        counts: z.array(z.object({ regionCode: z.string(), regionName: z.string().nullable(), overdue: z.number().int() })).optional()
          .describe('on the first page: per region below'),
      })),
      400: errors[400], 403: problem('the region is outside yours'),
    },
  });
}
