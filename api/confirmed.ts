import { WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcDeadlineError } from '@temporalio/client';
import type { ApiDeps } from './deps';

export const TIMED_OUT = Symbol('timed out');

/**
 * Waits for a workflow to confirm a request, at most stepTimeoutMs: with no
 * worker running Temporal keeps the request durable, and the HTTP request is
 * answered (202/503) instead of hanging.
 */
export async function confirmed<T>(deps: ApiDeps, fn: () => Promise<T>): Promise<T | typeof TIMED_OUT> {
  try {
    return await deps.temporal.withDeadline(Date.now() + deps.stepTimeoutMs, fn);
  } catch (err) {
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err)) return TIMED_OUT;
    throw err;
  }
}
