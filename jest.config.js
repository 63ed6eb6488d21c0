/** Tests run against real servers: PostgreSQL and the official Temporal dev/test servers. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFiles: ['<rootDir>/test/support/setupEnv.ts'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  // Fails the run if a full ID number reached the service's logs.
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 120000,
  // Two cores: one worker per core; each Temporal test file starts its own server.
  maxWorkers: 2,
};
