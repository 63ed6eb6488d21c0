import { errors, json, ok, type Registry } from '../openapiParts';
import { PublicityQuery, StaffRelativeRequest, StaffRelativesQuery } from './schemas';

export function registerIntegrityPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/admin/staff-relatives',
    summary: '近亲属备案 (ADMIN): put a relative of a staff member on record; that staff member is then refused (409 CONFLICT_OF_INTEREST) any step concerning the relative',
    request: { body: json(StaffRelativeRequest) },
    responses: {
      201: ok('on record (the ID number answered masked)'),
      200: ok('already on record: nothing changed'),
      400: errors[400],
      403: ok('only an ADMIN registers relatives'),
    },
  });
  registry.registerPath({
    method: 'get', path: '/admin/staff-relatives', summary: "A staff member's registered relatives (ADMIN; ID numbers masked)",
    request: { query: StaffRelativesQuery }, responses: { 200: ok('the relatives'), 400: errors[400], 403: ok('only an ADMIN') },
  });
  registry.registerPath({
    method: 'get', path: '/publicity/enrolments.csv',
    summary: '公示: active enrolments under a township or county as CSV (UTF-8 with BOM): township, tier, household size, monthly amount in yuan, start date, applicant ID masked',
    request: { query: PublicityQuery },
    responses: { 200: { description: 'text/csv', content: { 'text/csv': { schema: { type: 'string' } } } }, 400: errors[400], 403: ok('region outside the principal\'s') },
  });
}
