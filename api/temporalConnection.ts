import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type Client, type ConnectionOptions } from '@temporalio/client';
import type { RequestHandler } from 'express';

/** How long one request may wait on Temporal when it is down, before answering 503 TEMPORAL_UNAVAILABLE. */
export const TEMPORAL_CALL_DEADLINE_MS = 4000;

/**
 * The API's connection to Temporal: opened on first use, so the API starts
 * and answers (503) while Temporal is down and recovers when it returns, and
 * a few quick retries instead of the SDK's default ten with backoff (~20 s).
 */
export function apiTemporalConnection(options: ConnectionOptions): Connection {
  return Connection.lazy({
    ...options,
    connectTimeout: TEMPORAL_CALL_DEADLINE_MS,
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 3, maxIntervalMs: () => 1000 }))],
  });
}

/**
 * Every Temporal call a request makes has a deadline (a step's wait for its
 * confirmation sets its own, longer one in confirmed()), so an outage answers
 * 503 in seconds.
 */
export const boundTemporalCalls = (temporal: Client): RequestHandler => (_req, _res, next) => {
  void temporal.connection.withDeadline(Date.now() + TEMPORAL_CALL_DEADLINE_MS, async () => next());
};
