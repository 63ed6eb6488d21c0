import type { Router } from 'express';
import { z } from 'zod';
import type { Access } from '../domain/access';
import type { Actor } from '../domain/vocabulary';
import { GENERAL } from './access';
import { HttpError } from './errors';
import { route } from './route';

export interface StepRequest {
  actor: Actor;
  input: unknown;
  idempotencyKey: string | undefined;
}

/**
 * `POST <base>/:id/actions/<action>` for each of a subject's human steps, each
 * validated by its own schema, and a 404 listing the actions for any other.
 */
export function actionRoutes<A extends string>(
  r: Router,
  base: string,
  params: z.ZodType<{ id: string }>,
  schemas: Record<A, z.ZodType>,
  act: (id: string, action: A, request: StepRequest) => Promise<unknown>,
  accessFor: (action: A, input: { params: unknown; body: unknown }) => Promise<Access>,
): void {
  for (const action of Object.keys(schemas) as A[]) {
    r.post(`${base}/:id/actions/${action}`, route({ params, body: schemas[action], actor: true, idempotencyKey: true }, (input) => accessFor(action, input),
      async (input, _req, res) => {
        const { id } = input.params as { id: string };
        res.json(await act(id, action, { actor: input.actor, input: input.body, idempotencyKey: input.idempotencyKey }));
      }));
  }
  r.post(`${base}/:id/actions/:action`, route({ params: z.object({ action: z.string() }) }, () => GENERAL, async ({ params }) => {
    throw new HttpError(404, 'UNKNOWN_ACTION', `unknown action ${params.action}`, { actions: Object.keys(schemas) });
  }));
}
