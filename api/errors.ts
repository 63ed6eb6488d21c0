import type { ErrorRequestHandler } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { logger } from '../config/logger';
import { MissingPolicyError } from '../db/policy';
import { ILLEGAL_ACTION, type IllegalActionDetails } from '../workflows/subjectMessages';

/** Errors the API answers with, mapped to JSON in one place. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

export const badRequest = (issues: FieldIssue[]) =>
  new HttpError(400, 'VALIDATION_FAILED', `invalid ${issues.map((i) => i.path).join(', ')}`, { issues });
export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} not found`);
export const illegalAction = (d: IllegalActionDetails, message: string) =>
  new HttpError(409, 'ILLEGAL_ACTION', message, { state: d.state, allowedActions: d.allowedActions });

function illegalFromUpdate(err: unknown): HttpError | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure) || cause.type !== ILLEGAL_ACTION) return undefined;
  return illegalAction(cause.details?.[0] as IllegalActionDetails, cause.message);
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known =
    err instanceof HttpError
      ? err
      : err instanceof MissingPolicyError
        ? new HttpError(422, 'POLICY_MISSING', err.message, { policyKey: err.key, regionCode: err.regionCode })
        : err instanceof WorkflowNotFoundError
          ? new HttpError(404, 'WORKFLOW_NOT_FOUND', 'the case is on record but its workflow is not on this Temporal server')
          : illegalFromUpdate(err);
  if (known) {
    res.status(known.status).json({ error: { code: known.code, message: known.message, ...known.extra } });
    return;
  }
  if (err?.type === 'entity.parse.failed') {
    res.status(400).json({ error: { code: 'MALFORMED_JSON', message: 'request body is not valid JSON' } });
    return;
  }
  logger.error({ err: { message: err?.message, name: err?.name, stack: err?.stack }, method: req.method, route: req.route?.path }, 'request failed');
  res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error; nothing was changed unless the case history shows it' } });
};
