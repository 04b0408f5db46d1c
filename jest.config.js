// Jest runs TypeScript through SWC (no type-check here: `npm run typecheck` does that).
/** @type {import('jest').Config} */
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }];
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // A bound, not a pace: each wait inside a test is bounded on its own (test/support/wait.ts).
  testTimeout: 600_000,
  maxWorkers: 2,
  // jest's own output, then the slowest files; jest adds its summary after every listed reporter.
  reporters: ['default', '<rootDir>/test/support/slowest-files-reporter.js'],
};
