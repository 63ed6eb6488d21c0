import path from 'node:path';
import { z } from 'zod';

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
  /**
   * Key for the keyed hashes that stand in for ID numbers and source ids in
   * workflow ids. The default is for the embedded development setup only.
   */
  AIDLOOP_PSEUDONYM_KEY: z.string().min(16).default('aidloop-development-pseudonym-key'),
  /** Counties whose monthly data exchange the worker schedules (comma-separated region codes). */
  AIDLOOP_EXCHANGE_COUNTIES: z
    .string()
    .default('430681')
    .transform((v) => v.split(',').map((c) => c.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d{6}$/, 'must be 6-digit county codes'))),
  /** Public keys that sign bearer tokens: the identity provider's JWKS URL, or a JWKS file (default: the development keys of `npm start`). */
  AIDLOOP_JWKS_URL: z.string().url().optional(),
  AIDLOOP_JWKS_FILE: z.string().default(path.join(__dirname, '..', '.data', 'auth', 'jwks.json')),
  AIDLOOP_JWT_ISSUER: z.string().default('aidloop-dev'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${fields}`);
  }
  return parsed.data;
}
