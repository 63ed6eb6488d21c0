/** Paths and URLs that `npm test` (scripts/test.sh) provides; a clear failure when run without it. */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with \`npm test\``);
  return value;
}

export const testDatabaseUrl = () => required('TEST_DATABASE_URL');
export const temporalCliPath = () => required('TEMPORAL_CLI_PATH');
export const temporalTestServerPath = () => required('TEMPORAL_TEST_SERVER_PATH');
