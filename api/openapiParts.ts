import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

/** Building blocks every feature's OpenAPI registration uses. */
export type Registry = OpenAPIRegistry;

/** The acting user comes from the bearer token (see openapi.ts); a step may carry an Idempotency-Key. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().optional().describe('retries with the same key apply the step once; required when the body carries an amount (…Fen)'),
});

export const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
export const ok = (description: string) => ({ description });
/** Errors are RFC 9457 problem details (application/problem+json) with a stable `code` (api/errors.ts). */
export const errors = {
  400: ok('invalid input (problem details): issues names each wrong field or header; nothing was written'),
  404: ok('not found'),
  409: ok('not allowed now (problem details): allowedActions lists what is'),
  429: ok('too many steps in flight (AIDLOOP_MAX_INFLIGHT_STEPS): retry after Retry-After seconds with the same Idempotency-Key'),
  503: ok('STEP_NOT_CONFIRMED, TEMPORAL_UNAVAILABLE or DATABASE_UNAVAILABLE, with Retry-After; retry with the same Idempotency-Key'),
};

/** `POST <base>/{id}/actions/<action>` for each of a subject's steps, with its body schema. */
export function registerActionPaths<A extends string>(
  registry: Registry,
  base: string,
  params: z.ZodType,
  schemas: Record<A, z.ZodType>,
  summary: (action: A) => string,
): void {
  for (const action of Object.keys(schemas) as A[]) {
    registry.registerPath({
      method: 'post', path: `${base}/{id}/actions/${action}`, summary: summary(action),
      request: { params: params as z.ZodObject, headers: idempotencyHeaders, body: json(schemas[action]) },
      responses: { 200: ok('after the step'), ...errors },
    });
  }
}
