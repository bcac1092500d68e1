import { defineConfig } from 'vitest/config';

/**
 * Two projects. `unit` (`npm test`) is the quick loop: the engine, the language, the reporters
 * in-process. `slow` (`npm run test:slow`) holds what starts processes or a browser, fuzzes, or
 * runs the whole scenario library: end-to-end runs of the built CLI, the Vitest plugin in a
 * Vitest of its own, the package installed from a tarball, Chromium rendering, the docs pages
 * regenerated from every scenario. `npm run test:all` runs both, and it is what CI runs.
 * Timings are measured in `npm run bench`, never asserted here.
 */
const SLOW = [
  'test/e2e/**/*.test.ts',
  'test/vitest/**/*.test.ts',
  'test/lang/fuzz.test.ts',
  'test/reliability/fuzz-run.test.ts',
  'test/reliability/out-dir.test.ts',
  'test/reliability/chromium.test.ts',
  'test/report/html-browser.test.ts',
  'test/report/cli-diagram.test.ts',
  'test/report/summary-size.test.ts',
  'test/report/ci-truth.test.ts',
  'test/report/render.test.ts',
  'test/report/schemas.test.ts',
  'test/docs/api-examples.test.ts',
  'test/docs/scenarios-docs.test.ts',
  'test/scenarios.test.ts',
  'test/run/cli.test.ts',
  'test/cli/watch.test.ts',
];

export default defineConfig({
  test: {
    // End-to-end tests start `kscn` processes and a browser; on a loaded 2-core CI machine one can
    // take several seconds, so the per-test limit is generous.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      // The unit files share their workers' module cache (isolate: false): importing the engine once
      // per worker, not once per file, is most of the time saved.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: SLOW, isolate: false } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
