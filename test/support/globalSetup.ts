import { Client } from 'pg';
import { runMigrations } from '../../db/migrate';
import { seedDemoPolicy } from '../../db/seed';
import { createDb } from '../../db/pool';
import { testDatabaseUrl } from './env';
import fs from 'node:fs';
import { TEST_LOG_DIR } from './logScan';

/** Once per run: a fresh schema in the test database, migrated and seeded with the demo policy. */
export default async function globalSetup(): Promise<void> {
  fs.rmSync(TEST_LOG_DIR, { recursive: true, force: true });
  const url = testDatabaseUrl();
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await client.end();
  await runMigrations(url);
  const db = createDb(url, 1);
  await seedDemoPolicy(db);
  await db.close();
}
