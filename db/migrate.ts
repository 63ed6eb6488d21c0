import path from 'node:path';
import { Client } from 'pg';
import { migrate } from 'postgres-migrations';
import { loadEnv } from '../config/env';

/**
 * Forward-only numbered SQL migrations (postgres-migrations: each file in a
 * transaction, checksummed so an edited applied file is refused, serialized by
 * an advisory lock so concurrent starts are safe).
 */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await migrate({ client }, path.join(__dirname, 'migrations'), { logger: () => undefined });
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  const env = loadEnv();
  runMigrations(env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL).then(
    () => console.log('[aidloop] database migrated'),
    (err: unknown) => {
      console.error('[aidloop] migration failed:', err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
