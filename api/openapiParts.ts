import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

/** Building blocks every feature's OpenAPI registration uses. */
export type Registry = OpenAPIRegistry;

/** The acting user comes from the bearer token (see openapi.ts); a step may carry an Idempotency-Key. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().optional().describe('retries with the same key apply the step once'),
});

export const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
export const ok = (description: string) => ({ description });
export const errors = {
  400: ok('invalid input: error.issues names each wrong field; nothing was written'),
  404: ok('not found'),
  409: ok('not allowed now: error.allowedActions lists what is'),
  503: ok('no worker confirmed the step in time; retry with the same Idempotency-Key'),
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
