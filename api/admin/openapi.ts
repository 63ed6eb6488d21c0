import { z } from 'zod';
import { created, errors, json, ok, problem, row, type Registry } from '../openapiParts';
import { Year, YearNotice } from './calendarRouter';
import { InForceQuery, NewPolicyValue, PolicyParams } from './policyRouter';

const PolicyValue = row({
  policyId: z.string(), regionPrefix: z.string(), key: z.string(), value: z.unknown(), effectiveFrom: z.string(), source: z.string(), note: z.string(),
});
const onlyAdmin = problem('only an ADMIN');

/** 管理: the official calendar and local policy data (api/admin). */
export function registerAdminPaths(registry: Registry): void {
  registry.registerPath({
    method: 'get', path: '/admin/calendar/{year}', summary: 'The official calendar of a year: holiday and make-up-day exceptions',
    request: { params: Year },
    responses: {
      200: ok('calendar', z.object({
        year: z.number().int(), official: z.boolean().describe('false: the year is not covered by an official notice yet; deadlines in it are provisional'),
        exceptions: z.array(z.object({ date: z.string(), isWorkday: z.boolean() })),
      })),
      400: errors[400],
    },
  });
  registry.registerPath({
    method: 'put', path: '/admin/calendar/{year}', summary: "Load a year's official holiday notice the packaged data lacks",
    request: { params: Year, body: json(YearNotice) },
    responses: {
      200: ok('loaded; open verification deadlines in the year are counted again', z.object({
        year: z.number().int(), official: z.literal(true), loaded: z.number().int(), deadlinesRecalculating: z.number().int(),
      })),
      400: errors[400], 403: onlyAdmin,
    },
  });
  registry.registerPath({
    method: 'get', path: '/admin/policies', summary: 'Every policy value in force for a region on a day, with its version; keys with no value listed as missing',
    request: { query: InForceQuery },
    responses: {
      200: ok('the values in force', z.object({
        region: z.string(), on: z.string(),
        values: z.record(z.string(), z.object({ value: z.unknown(), version: z.string() })),
        missing: z.array(z.string()),
      })),
      400: errors[400],
    },
  });
  registry.registerPath({
    method: 'post', path: '/admin/policies', summary: 'Add a policy value from a date (never overwritten: a change is a new row with a later effective date)',
    request: { body: json(NewPolicyValue) },
    responses: {
      201: created('added', PolicyValue, 'the value'),
      400: errors[400], 403: onlyAdmin, 409: problem('POLICY_EXISTS: a value for this region, key and date exists'),
    },
  });
  registry.registerPath({
    method: 'get', path: '/admin/policies/{policyId}', summary: 'One policy value as it was added',
    request: { params: PolicyParams },
    responses: { 200: ok('the value', PolicyValue), 400: errors[400], 404: errors[404] },
  });
}
