import { z } from 'zod';
import { PageQuery } from '../pagination';
import { errors, ok, type Registry } from '../openapiParts';
import { PersonQuery } from './persons';
import { ApplicationsQuery, CasesQuery, EmergenciesQuery, EnrolmentsQuery, HouseholdsQuery } from './schemas';

const LISTS = [
  ['/cases', CasesQuery, 'Cases (预警线索) under a region: state, hardship type, source, referral department, received/created/updated days, overdue, ID number'],
  ['/applications', ApplicationsQuery, 'Applications under a region: state, channel, decided tier, received/created/updated days, overdue, ID number'],
  ['/enrolments', EnrolmentsQuery, 'Enrolments (在保) under a region: state, tier, origin, start/created/updated days, overdue, ID number'],
  ['/emergencies', EmergenciesQuery, 'Emergencies (急难救助) under a region: state, kind, route, occurred/created/updated days, overdue, ID number'],
  ['/households', HouseholdsQuery, 'Households under a region: by a member’s ID number, by a tier still paid, created days'],
] as const;

const page = ok('{ items, next? }: newest first; pass `next` back for the following page (absent on the last)');
const listErrors = { 400: errors[400], 403: ok('the region is outside yours') };

export function registerFindPaths(registry: Registry): void {
  for (const [path, query, summary] of LISTS) {
    registry.registerPath({ method: 'get', path, summary, request: { query: query as z.ZodObject }, responses: { 200: page, ...listErrors } });
  }
  registry.registerPath({
    method: 'get', path: '/persons', summary: 'A person by ID number (keyed pseudonym; masked) and what concerns them in your region',
    request: { query: PersonQuery }, responses: { 200: ok('the person and their households, cases, applications, enrolments, emergencies'), ...listErrors, 404: errors[404] },
  });
  registry.registerPath({
    method: 'get', path: '/households/{id}/chain',
    summary: '一户一条救助链: every event of the household’s and its members’ subjects, in time order, with amounts and who acted',
    request: { params: z.object({ id: z.string() }), query: PageQuery },
    responses: { 200: ok('{ householdId, items, next? }'), 400: errors[400], 404: errors[404] },
  });
}
