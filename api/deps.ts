import type { Client } from '@temporalio/client';
import type { Db } from '../db/pool';
import type { TokenVerifier } from './auth';

/** What the API needs from the outside world, passed in so tests use the real servers they started. */
export interface ApiDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  pseudonymKey: string;
  /** Verifies a bearer token and says who it is (api/auth.ts). */
  verifyToken: TokenVerifier;
  /** How long a request waits for the workflow to confirm a step. */
  stepTimeoutMs: number;
  /** Steps and receipts in flight above which the API answers 429 (api/admission.ts; default 8 per core). */
  maxInFlightSteps?: number;
  /** How long /readyz waits for PostgreSQL and Temporal (default 2000). */
  readinessTimeoutMs?: number;
  /** Browser origins (the Temporal UI) allowed to call the codec endpoint. */
  codecCorsOrigins?: readonly string[];
  /** Milliseconds since the epoch; the Shanghai date of it is "today". */
  now?: () => number;
}
