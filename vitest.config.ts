import { resolve } from 'node:path';
// @ts-expect-error the plugin's types resolve only with "bundler" resolution, not this config's
import react from '@vitejs/plugin-react';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
// @ts-expect-error plain ESM helper shared with the build script
import { repoRoot, swcOptions, tsconfigPaths } from './tools/scripts/swc-options.mjs';

const paths = tsconfigPaths() as Record<string, string[]>;
const alias = Object.fromEntries(
  Object.entries(paths).map(([name, [target]]) => [name, resolve(repoRoot as string, target!)]),
);

const shared = {
  plugins: [swc.vite({ ...swcOptions(), module: { type: 'es6' } })],
  resolve: { alias },
};

export default defineConfig({
  test: {
    // Two workers on two cores: most test files wait on brokers, databases, browsers and child
    // processes more than they compute. Every file (an e2e file too) runs in its own namespace
    // of queues, databases and keys, on ports the OS picks, so any two can run side by side.
    maxWorkers: 2,
    reporters: ['default', './tools/testing/slowest-files-reporter.ts'],
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['{apps,libs,tools}/**/*.spec.ts'],
          exclude: ['apps/web/**', '**/node_modules/**'],
          environment: 'node',
          // One module graph per worker, not per file: unit tests keep no state between files,
          // and importing Nest and zod once instead of 105 times cuts the project's time by 3/4.
          isolate: false,
        },
      },
      {
        // The web console's components, in a simulated DOM, found by role and name.
        plugins: [react()],
        resolve: { alias },
        test: {
          name: 'web',
          include: ['apps/web/src/**/*.spec.{ts,tsx}'],
          environment: 'happy-dom',
          isolate: false,
          testTimeout: 60_000,
          setupFiles: ['apps/web/src/testing/setup.ts'],
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['{apps,libs,tools}/**/*.int-spec.ts'],
          environment: 'node',
          // Each file makes its own namespace (queues, databases, keys) and closes what it opens.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['libs/testing/src/global-setup.ts'],
        },
      },
      {
        ...shared,
        test: {
          name: 'e2e',
          // A file starts a system of its own (processes, namespace) or, needing no setting of
          // its own, shares its worker's (e2e/support/system.ts, stopped when the worker ends);
          // what a worker imports (Playwright, the harness, the SDK) is imported once, not per
          // file (about 3 s a file).
          isolate: false,
          include: ['e2e/**/*.e2e-spec.ts'],
          environment: 'node',
          testTimeout: 60_000,
          // A step through the whole system (browser, gateway, RPCs, databases) can take more than
          // expect.poll's default second on two busy cores; a poll that passes returns at once.
          expect: { poll: { timeout: 10_000 } },
          hookTimeout: 120_000,
          globalSetup: ['libs/testing/src/global-setup.ts'],
        },
      },
    ],
  },
});
