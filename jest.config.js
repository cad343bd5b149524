/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
};

// The integration and browser suites run a second time against a simulator whose list answers
// carry no fields, as the API reference documents them (test/setup/list-fields.ts).
module.exports = {
  // A global option: inside a project it would be ignored.
  testTimeout: 30000,
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'unit and integration',
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      setupFiles: ['<rootDir>/test/setup/env.ts'],
    },
    {
      ...shared,
      displayName: 'lists without fields',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/e2e/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/setup/env.ts', '<rootDir>/test/setup/omit-list-fields.ts'],
    },
  ],
};
