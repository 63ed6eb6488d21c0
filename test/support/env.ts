/** Paths and URLs that `npm test` (scripts/test.sh) provides; a clear failure when run without it. */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with \`npm test\``);
  return value;
}

/** The owner role: resets and migrates the test database. */
export const testDatabaseUrl = () => required('TEST_DATABASE_URL');
/** The service's role, as in production: it may not rewrite the audit log. */
export const testAppDatabaseUrl = () => process.env.TEST_APP_DATABASE_URL ?? testDatabaseUrl();
export const temporalCliPath = () => required('TEMPORAL_CLI_PATH');
export const temporalTestServerPath = () => required('TEMPORAL_TEST_SERVER_PATH');
