import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { Actor } from '../domain/caseSchemas';
import { badRequest, type FieldIssue } from './errors';

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteSchemas {
  body?: Schema;
  query?: Schema;
  params?: Schema;
  /** Routes that change a case need the acting user and region (X-Actor-Id, X-Actor-Region). */
  actor?: true;
  /** Routes whose retries must not apply twice accept an Idempotency-Key header. */
  idempotencyKey?: true;
}

const IdempotencyKey = z.string().regex(/^[\w.:-]{1,100}$/, 'must be 1–100 letters, digits, or . _ : -').optional();

export interface Parsed<S extends RouteSchemas> {
  body: Out<S['body']>;
  query: Out<S['query']>;
  params: Out<S['params']>;
  actor: S['actor'] extends true ? Actor : undefined;
  idempotencyKey: S['idempotencyKey'] extends true ? string | undefined : undefined;
}

const ACTOR_HEADERS: Record<string, string> = { userId: 'x-actor-id', regionCode: 'x-actor-region' };

function issuesOf(location: string, error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => {
    const path = location === 'headers' ? i.path.map((p) => ACTOR_HEADERS[String(p)] ?? String(p)) : i.path.map(String);
    return { path: [location, ...path].join('.'), message: i.message, code: i.code };
  });
}

/**
 * Validates every part of a request with its zod schema before the handler
 * runs, and hands the handler the parsed values: bad input is a 400 naming
 * each wrong field, and nothing is written.
 */
export function route<S extends RouteSchemas>(
  schemas: S,
  handler: (input: Parsed<S>, req: Request, res: Response) => Promise<void>,
): RequestHandler {
  return async (req, res) => {
    const issues: FieldIssue[] = [];
    const parse = (location: string, schema: Schema | undefined, value: unknown) => {
      if (!schema) return undefined;
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      issues.push(...issuesOf(location, result.error));
      return undefined;
    };
    const actor = schemas.actor
      ? parse('headers', Actor, { userId: req.get('x-actor-id'), regionCode: req.get('x-actor-region') })
      : undefined;
    const idempotencyKey = schemas.idempotencyKey ? parse('headers.idempotency-key', IdempotencyKey, req.get('idempotency-key')) : undefined;
    const input = {
      params: parse('params', schemas.params, req.params),
      query: parse('query', schemas.query, req.query),
      body: parse('body', schemas.body, req.body ?? {}),
      actor,
      idempotencyKey,
    } as Parsed<S>;
    if (issues.length > 0) throw badRequest(issues);
    await handler(input, req, res);
  };
}
