import path from 'node:path';
import { z } from 'zod';
import { DEV_CODEC_KEYS, DEV_JWT_ISSUER, DEV_PSEUDONYM_KEY, developmentKeysInUse } from './productionKeys';

/**
 * Process configuration, validated once at start-up. When TEMPORAL_ADDRESS and
 * DATABASE_URL are given the service uses them (a production cluster); the
 * scripts only start local servers when they are absent.
 */
const EnvSchema = z.object({
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  /** aidloop's own namespace, created with its retention by scripts/start-temporal-dev.sh. */
  TEMPORAL_NAMESPACE: z.string().default('aidloop'),
  TEMPORAL_TASK_QUEUE: z.string().default('aidloop-cases'),
  DATABASE_URL: z.string().url().default('postgres://aidloop_app:aidloop_app@127.0.0.1:54329/aidloop'),
  /** The owner role that runs migrations; the service's DATABASE_URL role need not own anything. Defaults to DATABASE_URL. */
  MIGRATION_DATABASE_URL: z.string().url().optional(),
  AIDLOOP_API_PORT: z.coerce.number().int().positive().default(3000),
  /** How long a request waits for a worker to confirm a step before answering 202/503. */
  AIDLOOP_STEP_TIMEOUT_MS: z.coerce.number().int().positive().default(15000),
  /** Steps and receipts in flight above which the API answers 429 with Retry-After instead of queueing (default 8 per core). */
  AIDLOOP_MAX_INFLIGHT_STEPS: z.coerce.number().int().positive().optional(),
  /**
   * Worker sizing, for a 2-core machine by default: workflows kept in the
   * sticky cache (≈0.7 MiB each; the SDK default sizes it from total memory,
   * 2,310 here), workflow tasks run at once (CPU-bound, one V8 thread), and
   * activities / local activities at once (database-bound: a few per pool connection).
   */
  AIDLOOP_WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(500),
  AIDLOOP_WORKER_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(8),
  AIDLOOP_WORKER_ACTIVITIES: z.coerce.number().int().positive().default(20),
  /**
   * Key for the keyed hashes that stand in for ID numbers and source ids in
   * workflow ids. The default is for the embedded development setup only.
   */
  AIDLOOP_PSEUDONYM_KEY: z.string().min(16).default(DEV_PSEUDONYM_KEY),
  /** Counties whose monthly data exchange the worker schedules (comma-separated region codes). */
  AIDLOOP_EXCHANGE_COUNTIES: z
    .string()
    .default('430681')
    .transform((v) => v.split(',').map((c) => c.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d{6}$/, 'must be 6-digit county codes'))),
  /** Public keys that sign bearer tokens: the identity provider's JWKS URL, or a JWKS file (default: the development keys of `npm start`). */
  AIDLOOP_JWKS_URL: z.string().url().optional(),
  AIDLOOP_JWKS_FILE: z.string().default(path.join(__dirname, '..', '.data', 'auth', 'jwks.json')),
  AIDLOOP_JWT_ISSUER: z.string().default(DEV_JWT_ISSUER),
  /** Longest lifetime (exp − iat) a bearer token may have; tokens without exp are refused. */
  AIDLOOP_TOKEN_MAX_HOURS: z.coerce.number().positive().max(24 * 7).default(12),
  NODE_ENV: z.string().default('development'),
  /** Payload codec keys, `id:base64(32 bytes)` comma-separated; the active one seals, all of them open (config/payloadCodec.ts). */
  AIDLOOP_CODEC_KEYS: z.string().default(DEV_CODEC_KEYS),
  /** The key id new payloads are sealed with (default: the first key). */
  AIDLOOP_CODEC_ACTIVE_KEY: z.string().optional(),
  /** Origins allowed to call the codec endpoint from a browser (the Temporal UI), comma-separated. */
  AIDLOOP_CODEC_CORS_ORIGINS: z.string().default('http://127.0.0.1:8233,http://localhost:8233').transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
  /** Temporal cluster TLS / mTLS: CA to trust, client certificate and key (PEM file paths), server name override. */
  TEMPORAL_TLS_CA: z.string().optional(),
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  /** Temporal Cloud (or a proxy) API key, sent as a bearer token; implies TLS. */
  TEMPORAL_API_KEY: z.string().optional(),
  /** How long /readyz waits for PostgreSQL and for Temporal before answering 503. */
  AIDLOOP_READINESS_TIMEOUT_MS: z.coerce.number().int().positive().default(2000),
  /** Where the worker serves its own Prometheus metrics (domain counters), e.g. 9465; unset: not served. */
  AIDLOOP_WORKER_METRICS_PORT: z.coerce.number().int().positive().optional(),
  /** Where the Temporal SDK's runtime (Core) exports its Prometheus metrics, e.g. 0.0.0.0:9464; unset: off. */
  AIDLOOP_TEMPORAL_METRICS_ADDRESS: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${fields}`);
  }
  const devKeys = developmentKeysInUse(parsed.data);
  if (devKeys.length > 0) throw new Error(`Refusing to start with NODE_ENV=production on development keys: ${devKeys.join('; ')}`);
  return parsed.data;
}
