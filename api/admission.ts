import type { RequestHandler } from 'express';
import { HttpError } from './errors';

/** Seconds a turned-away client should wait: a step at saturation takes well under a second here. */
const RETRY_AFTER_SECONDS = 1;

/**
 * Admission control for steps and receipts (every POST): at most `limit` in
 * flight; the next one is answered 429 with `Retry-After` at once. Queued work
 * that times out (503 after the step timeout) still costs the worker its
 * capacity, so above saturation goodput falls; turning it away up front keeps
 * the worker at its saturation rate and every admitted request well within
 * the step timeout.
 */
export function admitSteps(limit = 16): RequestHandler {
  let inFlight = 0;
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    if (inFlight >= limit) {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      return next(new HttpError(429, 'OVERLOADED', `${limit} steps are in progress; retry after ${RETRY_AFTER_SECONDS} s with the same Idempotency-Key`));
    }
    inFlight += 1;
    res.once('close', () => { inFlight -= 1; });
    next();
  };
}
