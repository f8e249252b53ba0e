/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is done once by `tsc --noEmit` in `npm test`; with isolatedModules in tsconfig ts-jest only transpiles.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
  // Integration tests start real sshd/alertmanager processes; two workers match this 2-core machine.
  maxWorkers: 2,
};
