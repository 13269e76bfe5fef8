import { defineConfig } from 'vitest/config';

// Unit tests live beside each package and import its sources; integration and end-to-end tests
// in test/ drive the built CLI in real temporary git repositories.
export default defineConfig({
  test: {
    globalSetup: ['test/setup/flowforge-home.ts'],
    // Most tests wait on the CLI and git in child processes: three workers keep two cores busy,
    // where vitest's default (one fewer than the cores) leaves one idle half of the time.
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'plugins/*/test/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
