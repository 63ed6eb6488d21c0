import { isDatabaseUnavailable } from '../db/pool';

/** Seconds a client should wait before retrying after a dependency outage (the `Retry-After` header). */
export const RETRY_AFTER_SECONDS = 5;

/** gRPC status codes DEADLINE_EXCEEDED (4) and UNAVAILABLE (14). */
const UNAVAILABLE_GRPC: number[] = [4, 14];

/** The error or one of its causes is a gRPC call that Temporal did not answer (down, or past its deadline). */
function isTemporalUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && UNAVAILABLE_GRPC.includes(code) && 'metadata' in e) return true;
    if (e.name === 'TransportError' || /Failed to connect before the deadline|No connection established/.test(e.message)) return true;
  }
  return false;
}

/**
 * A dependency outage, answered as a 503 with a stable code and Retry-After (set by the
 * error mapper), instead of a 500: nothing was applied that the client must
 * not repeat (steps carry their Idempotency-Key).
 */
export function unavailableDependency(err: unknown): { code: string; message: string } | undefined {
  if (isDatabaseUnavailable(err)) {
    return { code: 'DATABASE_UNAVAILABLE', message: 'the database is not reachable; retry later (with the same Idempotency-Key for a step)' };
  }
  if (isTemporalUnavailable(err)) {
    return { code: 'TEMPORAL_UNAVAILABLE', message: 'the workflow service is not reachable; retry later (with the same Idempotency-Key for a step)' };
  }
  return undefined;
}
