import { defineConfig } from 'vitest/config';

// End-to-end tests start `kscn` processes and a browser; on a loaded 2-core CI machine one can
// take several seconds, so the per-test limit is generous. Timings are measured in `npm run bench`.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
