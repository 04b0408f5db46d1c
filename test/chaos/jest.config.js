// `npm run test:chaos`: the chaos year alone. It brings its own Postgres, Temporal and SMTP, so it needs none of
// the suite's global set-up; `npm test` never picks it up (its files end in .chaos.ts, not .test.ts).
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/test/chaos/**/*.chaos.ts'],
  // A backstop only: the test bounds its own waits (the year at the measured pace, then CHAOS_GRACE_S).
  testTimeout: 85 * 60_000,
  maxWorkers: 1,
};
