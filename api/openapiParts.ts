import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

/** Building blocks every feature's OpenAPI registration uses. */
export type Registry = OpenAPIRegistry;

/** The acting user comes from the bearer token (see openapi.ts); a step may carry an Idempotency-Key. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().optional().describe('retries with the same key apply the step once; required when the body carries an amount (…Fen)'),
});

export const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
/** A success answer: what it means and the shape of its JSON body. */
export const ok = (description: string, schema: z.ZodType) => ({ description, ...json(schema) });

/** RFC 9457 problem details as api/errors.ts `sendProblem` writes them: one schema every error answer refers to. */
export const ProblemDetails = z.object({
  type: z.string().describe('a URI naming the problem; ends with the code in kebab case'),
  title: z.string().describe('the Chinese title of the code: the same for every occurrence'),
  status: z.number().int(),
  detail: z.string().describe('what went wrong this time'),
  instance: z.string().describe('the request path'),
  code: z.string().describe('stable code, e.g. VALIDATION_FAILED, NOT_FOUND, ILLEGAL_ACTION, FORBIDDEN'),
  issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional()
    .describe('VALIDATION_FAILED: each wrong field or header (body.x, query.y, headers.z)'),
}).catchall(z.unknown().describe('extension members of the problem (allowedActions, state, retryAfterSeconds, …)')).meta({ id: 'ProblemDetails' });
export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemDetails } } });

/** A 201's Location header: where what it made can be read, relative to /api/v1/. */
export const created = (description: string, schema: z.ZodType, what: string) => ({
  ...ok(description, schema),
  headers: { Location: { description: `${what}, relative to /api/v1/`, schema: { type: 'string' as const } } },
});

/** Bodies shared by many routes. */
export const Created = z.object({ created: z.boolean().describe('true on 201 (new), false on 200 (the same request again)') });
/** A keyset page (api/pagination.ts): pass `next` back for the following page; absent on the last. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().optional() });
/** A row the database projects; its documented columns are guaranteed, more may follow. */
export const row = <T extends z.ZodRawShape>(shape: T) => z.object(shape).catchall(z.unknown());

/** What every subject's view carries (api/subjectApi.ts), and its own fields. */
export const subjectView = <T extends z.ZodRawShape>(idField: string, shape: T) => row({
  [idField]: z.string(),
  state: z.string(),
  stateLabel: z.string().optional().describe('the state in Chinese'),
  allowedActions: z.array(z.string()).describe('the steps the machine allows now'),
  ...shape,
});

/** A subject received (api/subjects.ts answerReceived): its view on 201/200; on 202 only its id, while receipt is unconfirmed. */
export function receivedResponses(view: z.ZodObject, idField: string, what: { created: string; again: string; pending: string }) {
  return {
    201: created(what.created, view.extend(Created.shape), 'the new subject'),
    200: ok(what.again, view.extend(Created.shape)),
    202: created(what.pending, z.object({ ...Created.shape, [idField]: z.string(), state: z.literal('receiving') }), 'the subject'),
  };
}

/** The areas of the API, with their Chinese names; every operation carries exactly one (see openapi.ts). */
export const API_TAGS = [
  { name: '预警核查', description: 'warnings and their cases' },
  { name: '救助申请', description: 'applications' },
  { name: '救助对象', description: 'enrolments (在保) and monthly exchanges' },
  { name: '急难救助', description: 'emergencies' },
  { name: '部门转介', description: 'referrals to departments' },
  { name: '部门数据', description: 'department feeds, their rules and matches' },
  { name: '待办与督办', description: 'tasks, claims, overdue supervision, 双随机 sampling, incidents' },
  { name: '统计', description: '月报' },
  { name: '查询', description: 'lists, persons, households and their chain' },
  { name: '诚信与审计', description: '近亲属备案, 公示, relatives receiving assistance, audit checkpoints' },
  { name: '管理', description: 'calendar and local policy data' },
] as const;
export type ApiTag = (typeof API_TAGS)[number]['name'];

/** Errors are RFC 9457 problem details (application/problem+json) with a stable `code` (api/errors.ts). */
export const errors = {
  400: problem('invalid input (problem details): issues names each wrong field or header; nothing was written'),
  404: problem('not found'),
  409: problem('not allowed now (problem details): allowedActions lists what is'),
  429: problem('too many steps in flight (AIDLOOP_MAX_INFLIGHT_STEPS): retry after Retry-After seconds with the same Idempotency-Key'),
  503: problem('STEP_NOT_CONFIRMED, TEMPORAL_UNAVAILABLE or DATABASE_UNAVAILABLE, with Retry-After; retry with the same Idempotency-Key'),
};

/** `POST <base>/{id}/actions/<action>` for each of a subject's steps, with its body schema. */
export function registerActionPaths<A extends string>(
  registry: Registry,
  base: string,
  params: z.ZodType,
  schemas: Record<A, z.ZodType>,
  summary: (action: A) => string,
  response: z.ZodType,
): void {
  for (const action of Object.keys(schemas) as A[]) {
    registry.registerPath({
      method: 'post', path: `${base}/{id}/actions/${action}`, summary: summary(action),
      request: { params: params as z.ZodObject, headers: idempotencyHeaders, body: json(schemas[action]) },
      responses: { 200: ok('the subject after the step', response), ...errors },
    });
  }
}
