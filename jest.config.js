const { availableParallelism } = require('node:os');

// Suites by suffix (see STYLE.md): unit beside the code, int against real stores, e2e against the running app.
const shared = {
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/support/graphql-production-checks.setup.ts'],
  // swc only strips types (the type check runs on its own in `npm test`), with Nest's decorator metadata.
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@club-ledger/kernel$': '<rootDir>/libs/kernel/src',
    '^@club-ledger/event-store$': '<rootDir>/libs/event-store/src',
    '^@club-ledger/eligibility$': '<rootDir>/libs/eligibility/src',
    '^@club-ledger/domain$': '<rootDir>/libs/domain/src',
    '^@club-ledger/notifications$': '<rootDir>/libs/notifications/src',

    '^@club-ledger/test-support$': '<rootDir>/test/support',
    '^@club-ledger/test-support/(.+)$': '<rootDir>/test/support/$1',
  },
};

module.exports = {
  // Jest keeps a core for its main process by default, which on a two-core machine leaves one worker while the main
  // process mostly idles.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // A worker keeps what every suite it ran left reachable (each suite's modules are loaded afresh), and its heap grows
  // by tens of megabytes a suite; past this it is replaced, so later suites do not pay for collecting a heap of
  // earlier ones' leftovers.
  workerIdleMemoryLimit: '500MB',
  testSequencer: '<rootDir>/jest.sequencer.js',
  // Every temporary folder of a run under one, removed at its end.
  globalSetup: '<rootDir>/test/support/temporary-folder.setup.ts',
  globalTeardown: '<rootDir>/test/support/temporary-folder.teardown.ts',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.unit.spec.ts'] },
    { ...shared, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
