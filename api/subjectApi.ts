import type { UpdateDefinition } from '@temporalio/common';
import type { Router } from 'express';
import type { AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { logger } from '../config/logger';
import type { Access } from '../domain/access';
import type { SubjectKind } from '../domain/subjectKind';
import type { ActionRequest } from '../workflows/subjectMessages';
import { subjectAccess } from './access';
import { actionRoutes, type StepRequest } from './actionRoutes';
import type { ApiDeps } from './deps';
import { illegalAction, notFound } from './errors';
import { errors, ok, problem, registerActionPaths, row, type Registry } from './openapiParts';
import { route } from './route';
import { sendStep } from './subjects';
import { subjectTimeline, TimelineEntry, type TimelineLabels } from './timeline';

/** What the pre-check needs of a subject's projection row: its state and allowed actions. */
export interface SubjectRow {
  state: string;
  allowed_actions: readonly string[];
  /** The workflow's id when it is not the subject's (a monthly exchange run by a schedule). */
  workflow_id?: string;
}

/**
 * The API of one kind of subject: its kind (machine, labels, actions), where
 * it lives, how to find and show one, and the request schema of each step.
 * `GET <base>/:id`, `GET <base>/:id/history`, the action routes with their one
 * pre-check, and their OpenAPI entries are derived from it.
 */
export interface SubjectApi<A extends string, R extends SubjectRow = SubjectRow> {
  kind: SubjectKind<AnyStateMachine, A>;
  /** e.g. '/cases'. */
  base: string;
  /** The id field of its views and history (e.g. 'caseId'). */
  idField: string;
  params: z.ZodType<{ id: string }>;
  /** Request schema of each human step. */
  schemas: Record<A, z.ZodType>;
  update: (action: A) => UpdateDefinition<unknown, [ActionRequest]>;
  find: (deps: ApiDeps, id: string) => Promise<R | undefined>;
  view: (deps: ApiDeps, id: string) => Promise<object>;
  /**
   * Runs after the pre-check, before the step is sent: refusals of its own
   * (回避), and what the workflow gets instead of the request body. `row` is
   * the subject as the pre-check found it (not read again).
   */
  prepare?: (deps: ApiDeps, id: string, action: A, request: StepRequest, row: R) => Promise<unknown>;
  /** Runs once the step is applied (e.g. starts the subjects it opened). */
  afterStep?: (deps: ApiDeps, id: string, action: A, request: StepRequest) => Promise<void>;
  /** Narrows a step's access (e.g. a department reports only on what was referred to it). */
  narrowAccess?: (deps: ApiDeps, action: A, input: { params: unknown; body: unknown }, access: Access) => Promise<Access>;
  /**
   * The person the subject concerns: those who may act on it may see their
   * full ID number with `?reveal=idNumber` (every reveal is logged).
   */
  personRef?: (deps: ApiDeps, id: string) => Promise<string | undefined>;
  /** The shape of `view` (GET, and the answer of every step), for OpenAPI. */
  response: z.ZodObject;
  openapi: { get: string; action: (action: A) => string };
  timeline: TimelineLabels;
}

/**
 * A human step: the one pre-check every subject shares (unknown → 404; a
 * finished subject → 409), then the update, whose validator refuses a step the
 * machine does not allow (409 with what is allowed). A finished workflow still
 * answers an update it already applied (the same Idempotency-Key), so a
 * retried last step gets its outcome; any other step on a finished subject is 409.
 */
export async function actOn<A extends string, R extends SubjectRow>(api: SubjectApi<A, R>, deps: ApiDeps, id: string, action: A, request: StepRequest): Promise<object> {
  const row = await api.find(deps, id);
  if (!row) throw notFound(`${api.kind.type.toLowerCase()} ${id}`);
  const finished = api.kind.isFinal(row.state);
  const refused = () => illegalAction(
    { action, state: row.state, allowedActions: [] },
    `${action} is not allowed: ${api.kind.noun} is ${row.state}`,
  );
  // Legality is the workflow's to decide (its validator answers 409 with what is allowed): the
  // projection may lag behind it (a step still being confirmed, a write PostgreSQL refused).
  if (finished && !request.idempotencyKey) throw refused();
  const input = api.prepare ? await api.prepare(deps, id, action, request, row) : request.input;
  await sendStep(deps, row.workflow_id ?? id, action, api.update(action), { ...request, input }).catch((err: unknown) => {
    throw finished ? refused() : err;
  });
  if (api.afterStep) await api.afterStep(deps, id, action, request);
  return api.view(deps, id);
}

const RevealQuery = z.object({
  reveal: z.literal('idNumber').optional().describe("the person's full ID number, for those who act on the subject; logged"),
});

/** Mounts a subject's GET, history and action routes. */
export function mountSubject<A extends string, R extends SubjectRow>(r: Router, deps: ApiDeps, api: SubjectApi<A, R>): void {
  const access = subjectAccess(deps, api.kind.type);
  const { personRef } = api;
  r.get(`${api.base}/:id`, route({ params: api.params, query: RevealQuery },
    (input) => (input.query.reveal && personRef ? access.act('reveal-id-number')(input) : access.read(input)),
    async ({ params, query, principal }, _req, res) => {
      const view = await api.view(deps, params.id);
      if (!query.reveal || !personRef) return void res.json(view);
      const [person] = await deps.db.query<{ id_number: string }>(
        'SELECT id_number FROM persons WHERE person_ref = $1', [await personRef(deps, params.id)]);
      logger.info({ userId: principal.userId, role: principal.role, subjectType: api.kind.type, subjectId: params.id }, 'ID numbers revealed');
      res.json({ ...view, person: { idNumber: person?.id_number ?? null } });
    }));
  r.get(`${api.base}/:id/history`, route({ params: api.params }, access.audit, async ({ params }, _req, res) => {
    const row = await api.find(deps, params.id); // 404 for an unknown subject before asking Temporal
    if (!row) throw notFound(`${api.kind.type.toLowerCase()} ${params.id}`);
    res.json({ [api.idField]: params.id, events: await subjectTimeline(deps, row.workflow_id ?? params.id, api.timeline) });
  }));
  actionRoutes(r, api.base, api.params, api.schemas, (id, action, request) => actOn(api, deps, id, action, request), async (action, input) => {
    const base = await access.act(action)(input);
    return api.narrowAccess ? api.narrowAccess(deps, action, input, base) : base;
  });
}

/** The OpenAPI entries of a subject's derived routes. */
export function registerSubjectPaths<A extends string, R extends SubjectRow>(registry: Registry, api: SubjectApi<A, R>): void {
  const path = `${api.base}/{id}`;
  const params = api.params as unknown as z.ZodObject;
  registry.registerPath({
    method: 'get', path, summary: api.openapi.get,
    request: { params, ...(api.personRef ? { query: RevealQuery } : {}) },
    responses: { 200: ok(api.kind.noun, api.personRef ? api.response.extend({ person: row({ idNumber: z.string().nullable() }) }) : api.response), 400: errors[400], 404: errors[404] },
  });
  registry.registerPath({
    method: 'get', path: `${path}/history`,
    summary: `The Temporal event history of ${api.kind.noun} (every run) as a readable timeline`,
    request: { params }, responses: { 200: ok('timeline', z.object({ [api.idField]: z.string(), events: z.array(TimelineEntry) })), 400: errors[400], 403: problem('only auditors and supervisors read histories'), 404: errors[404] },
  });
  registerActionPaths(registry, api.base, api.params, api.schemas, api.openapi.action, api.response);
}
