import { z } from 'zod';
import { PageQuery } from '../pagination';
import { errors, ok, pageOf, problem, row, type Registry } from '../openapiParts';
import { PersonQuery } from './persons';
import { ApplicationsQuery, CasesQuery, EmergenciesQuery, EnrolmentsQuery, HouseholdsQuery } from './schemas';

const LISTS = [
  ['/cases', 'caseId', CasesQuery, 'Cases (预警线索) under a region: state, hardship type, source, referral department, received/created/updated days, overdue, ID number'],
  ['/applications', 'applicationId', ApplicationsQuery, 'Applications under a region: state, channel, decided tier, received/created/updated days, overdue, ID number'],
  ['/enrolments', 'enrolmentId', EnrolmentsQuery, 'Enrolments (在保) under a region: state, tier, origin, start/created/updated days, overdue, ID number'],
  ['/emergencies', 'emergencyId', EmergenciesQuery, 'Emergencies (急难救助) under a region: state, kind, route, occurred/created/updated days, overdue, ID number'],
  ['/households', 'householdId', HouseholdsQuery, 'Households under a region: by a member’s ID number, by a tier still paid, created days'],
] as const;

const listErrors = { 400: errors[400], 403: problem('the region is outside yours') };

/** Lists under a region belong to 查询, though they share their paths' first segment with the subjects. */
const FIND = '查询';

export function registerFindPaths(registry: Registry): void {
  for (const [path, idField, query, summary] of LISTS) {
    const page = ok('newest first; pass `next` back for the following page (absent on the last)', pageOf(row({ [idField]: z.string() })));
    registry.registerPath({ method: 'get', path, summary, tags: [FIND], request: { query: query as z.ZodObject }, responses: { 200: page, ...listErrors } });
  }
  registry.registerPath({
    method: 'get', path: '/persons', summary: 'A person by ID number (keyed pseudonym; masked) and what concerns them in your region',
    request: { query: PersonQuery }, responses: {
      200: ok('the person and their households, cases, applications, enrolments, emergencies', z.object({
        person: z.object({ idNumber: z.string().describe('masked'), birthDate: z.string(), sex: z.string() }), region: z.string(),
        ...Object.fromEntries(['households', 'cases', 'applications', 'enrolments', 'emergencies'].map((k) => [k, z.array(row({}))])),
      })),
      ...listErrors, 404: errors[404] },
  });
  registry.registerPath({
    method: 'get', path: '/households/{id}/chain',
    summary: '一户一条救助链: every event of the household’s and its members’ subjects, in time order, with amounts and who acted',
    request: { params: z.object({ id: z.string() }), query: PageQuery },
    responses: {
      200: ok('the chain, oldest first', pageOf(z.object({
        at: z.string(), subjectType: z.string(), subjectId: z.string(), townshipCode: z.string().nullable(), seq: z.number().int(), event: z.string(),
        fromState: z.string().nullable(), toState: z.string().nullable(), by: z.object({ userId: z.string().nullable(), regionCode: z.string().nullable() }),
        amountFen: z.number().nullable(), details: z.record(z.string(), z.unknown()),
      })).extend({ householdId: z.string() })),
      400: errors[400], 404: errors[404] },
  });
}
