import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { decide, type Access, type Principal } from '../domain/access';
import type { Actor } from '../domain/vocabulary';
import { HttpError, badRequest, notFound, type FieldIssue } from './errors';
import { recordsMoney } from './money';
import { unstorableStrings } from './storableText';

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteSchemas {
  body?: Schema;
  query?: Schema;
  params?: Schema;
  /** Routes that record a step need the acting user (from the bearer token). */
  actor?: true;
  /**
   * Routes whose retries must not apply twice accept an Idempotency-Key
   * header; it is required when the body records money (api/money.ts).
   */
  idempotencyKey?: true;
}

const IdempotencyKey = z.string().regex(/^[\w.:-]{1,100}$/, 'must be 1–100 letters, digits, or . _ : -');
const RequiredIdempotencyKey = z.string({ error: 'required: this step records money; send a unique key and reuse it when retrying' }).pipe(IdempotencyKey);

export interface Parsed<S extends RouteSchemas> {
  body: Out<S['body']>;
  query: Out<S['query']>;
  params: Out<S['params']>;
  actor: S['actor'] extends true ? Actor : undefined;
  idempotencyKey: S['idempotencyKey'] extends true ? string | undefined : undefined;
  principal: Principal;
}

function issuesOf(location: string, error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: [location, ...i.path.map(String)].join('.'), message: i.message, code: i.code }));
}

/**
 * Every route: validates each part of the request with its zod schema (400
 * naming each wrong field, nothing written; every string must also be one the
 * databases can store, api/storableText.ts), then asks the one access policy
 * (domain/access.ts) whether this principal may do this here (403, or 404 for
 * a subject outside their scope, as if it did not exist), then runs the
 * handler with the parsed values. `access` is required, so no route is open
 * by accident (it is an argument of its own, between the schemas and the handler).
 */
export function route<S extends RouteSchemas>(
  schemas: S,
  access: (input: Parsed<S>) => Access | Promise<Access>,
  handler: (input: Parsed<S>, req: Request, res: Response) => Promise<void>,
): RequestHandler {
  const keySchema = schemas.idempotencyKey && (schemas.body && recordsMoney(schemas.body) ? RequiredIdempotencyKey : IdempotencyKey.optional());
  return async (req, res) => {
    const issues: FieldIssue[] = [];
    const parse = (location: string, schema: Schema | undefined, value: unknown) => {
      if (!schema) return undefined;
      issues.push(...unstorableStrings(location, value));
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      issues.push(...issuesOf(location, result.error));
      return undefined;
    };
    const principal = res.locals.principal as Principal;
    const idempotencyKey = keySchema ? parse('headers.idempotency-key', keySchema, req.get('idempotency-key')) : undefined;
    const input = {
      params: parse('params', schemas.params, req.params),
      query: parse('query', schemas.query, req.query),
      body: parse('body', schemas.body, req.body ?? {}),
      actor: schemas.actor ? { userId: principal.userId, regionCode: principal.regionCode, role: principal.role } : undefined,
      idempotencyKey,
      principal,
    } as Parsed<S>;
    if (issues.length > 0) throw badRequest(issues);
    const decision = decide(principal, await access(input));
    if (decision === 'HIDDEN') throw notFound(`${req.baseUrl}${req.path}`);
    if (decision === 'FORBIDDEN') throw new HttpError(403, 'FORBIDDEN', `a ${principal.role} of ${principal.regionCode} may not do this`);
    await handler(input, req, res);
  };
}
