/**
 * Jest 30 in ESM mode (run through `node --experimental-vm-modules`): Nest 12
 * is ESM-only. ts-jest compiles TypeScript as ESM; the mapper strips `.js`
 * from relative imports and resolves `@app/common` and `@app/report` to their
 * sources.
 */
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@app/common$': '<rootDir>/libs/common/src/index.ts',
    '^@app/report$': '<rootDir>/libs/report/src/index.ts',
    '^@app/common/early-signals$': '<rootDir>/libs/common/src/server/early-signals.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  testEnvironment: 'node',
};

export default {
  // End-to-end tests start real processes; a 2-core CI machine can be slow.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
      setupFiles: ['<rootDir>/test/unit-lang.setup.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
