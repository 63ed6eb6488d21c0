import { availableParallelism } from 'node:os';
import type { RequestHandler } from 'express';
import { HttpError } from './errors';

/** Seconds a turned-away client should wait: a step at saturation takes well under a second here. */
const RETRY_AFTER_SECONDS = 1;

/**
 * The default limit (AIDLOOP_MAX_INFLIGHT_STEPS unset): 8 steps in flight per
 * core of this host (16 on the 2-core machine of bench/overload.ts, where
 * goodput at 4× saturation stayed within 0.9 of its peak). The API, worker,
 * Temporal and PostgreSQL share the cores in the embedded set-up; a deployment
 * with its own hosts sets the limit from its own bench run.
 */
export const defaultStepLimit = (): number => 8 * availableParallelism();

/**
 * Admission control for steps and receipts (every POST): at most `limit` in
 * flight; the next one is answered 429 with `Retry-After` at once, before its
 * body is parsed, its token verified or anything queried. Queued work
 * that times out (503 after the step timeout) still costs the worker its
 * capacity, so above saturation goodput falls; turning it away up front keeps
 * the worker at its saturation rate and every admitted request well within
 * the step timeout.
 */
export function admitSteps(limit = defaultStepLimit()): RequestHandler {
  let inFlight = 0;
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    if (inFlight >= limit) {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      // The body is read to its end unparsed before answering: answered earlier, the connection could be reset under the client.
      req.resume().once('end', () => next(new HttpError(429, 'OVERLOADED', `${limit} steps are in progress; retry after ${RETRY_AFTER_SECONDS} s with the same Idempotency-Key`)));
      return;
    }
    inFlight += 1;
    res.once('close', () => { inFlight -= 1; });
    next();
  };
}
