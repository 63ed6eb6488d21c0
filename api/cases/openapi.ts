import { z } from 'zod';
import { errors, json, ok, type Registry } from '../openapiParts';
import { RegionCode } from '../regionQuery';
import { registerSubjectPaths } from '../subjectApi';
import { WarningRequest } from './schemas';
import { CASE_API } from './service';

export function registerCasePaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/warnings', summary: 'Receive a warning (线上预警) and open its case; the same source record again returns the same case',
    request: { body: json(WarningRequest) },
    responses: {
      201: ok('case opened'), 200: ok('this source record already has a case'), 400: errors[400],
      202: ok('the case workflow is started but no worker confirmed receipt in time; it runs when a worker is back'),
      422: ok('no deadline policy applies to the township'),
    },
  });
  registerSubjectPaths(registry, CASE_API);
  registry.registerPath({
    method: 'get', path: '/tasks', summary: 'Inbox: open tasks under a region',
    request: { query: z.object({ region: RegionCode, department: z.string().optional() }) },
    responses: { 200: ok('open tasks'), 400: errors[400] },
  });
  registry.registerPath({
    method: 'get', path: '/supervision/overdue', summary: 'Every overdue step under a region, oldest first, with working days overdue',
    request: { query: z.object({ region: RegionCode, asOf: z.string().optional() }) },
    responses: { 200: ok('overdue steps'), 400: errors[400] },
  });
  registry.registerPath({
    method: 'get', path: '/admin/calendar/{year}', summary: 'The official calendar of a year: holiday and make-up-day exceptions',
    request: { params: z.object({ year: z.number().int() }) }, responses: { 200: ok('calendar') },
  });
  registry.registerPath({
    method: 'put', path: '/admin/calendar/{year}', summary: "Load a year's official holiday notice the packaged data lacks",
    request: { params: z.object({ year: z.number().int() }) }, responses: { 200: ok('loaded'), 400: errors[400] },
  });
}
