// The fast tier (`npm run test:unit`): pure rules and parsers, no Temporal, no Postgres, no global setup.
// Files that need a server live elsewhere or are listed below; the full suite (jest.config.js) runs these too.
const base = require('./jest.config.js');

/** Unit files that start a process or a database, and so belong to the full suite only. */
const NEEDS_SERVICES = ['steady-verification', 'temporal-cli', 'temporal-server-binaries', 'workflow-bundle'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/ledger/**/*.test.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    ...NEEDS_SERVICES.map((name) => `/test/unit/${name}\\.test\\.ts$`),
    '/test/ledger/(load|cli)\\.test\\.ts$',
  ],
  testTimeout: 30_000,
  reporters: base.reporters,
};
