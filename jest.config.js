/**
 * Test tiers, each a jest project (`npm run test:<tier>`; `npm test` runs them all):
 * - unit         src/**\/*.spec.ts — pure code and in-memory stores; seconds
 * - integration  src/**\/*.int-spec.ts — real SQLite files, worker threads, the wire-level
 *                EventStoreDB server, property tests over the whole read side
 * - e2e          test/**\/*.e2e-spec.ts — the application over HTTP, crashes, restarts, two instances
 * - browser      test/browser/**\/*.e2e-spec.ts — the dashboard in Chromium
 */
const base = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  transform: { '^.+\\.ts$': 'ts-jest' },
  testEnvironment: 'node',
};

module.exports = {
  testTimeout: 30000,
  projects: [
    { ...base, displayName: 'unit', testRegex: 'src/.*\\.spec\\.ts$' },
    { ...base, displayName: 'integration', testRegex: 'src/.*\\.int-spec\\.ts$' },
    {
      ...base,
      displayName: 'e2e',
      testRegex: 'test/.*\\.e2e-spec\\.ts$',
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
    },
    { ...base, displayName: 'browser', testRegex: 'test/browser/.*\\.e2e-spec\\.ts$' },
  ],
};
