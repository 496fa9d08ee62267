import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const alias = {
  '@': root,
  // 'server-only' throws outside React Server Components; in tests it has nothing to guard.
  'server-only': path.join(root, 'tests/support/empty.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // Keyed hashes need a secret: without one the app would generate it into .data/, which
          // tests must never create (CI checks).
          env: { NEXTAUTH_SECRET: 'unit-tests-only-secret-0123456789abcdefghijklmnop' },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/integration/setup.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          env: { BCRYPT_ROUNDS: '4' },
        },
      },
      {
        resolve: { alias },
        test: {
          // The attack suite against the library and the database (tests/security/live runs
          // against a real `next start`, with the end-to-end tests).
          name: 'security',
          include: ['tests/security/**/*.test.ts'],
          exclude: ['tests/security/live/**'],
          environment: 'node',
          setupFiles: ['tests/integration/setup.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          env: { BCRYPT_ROUNDS: '4' },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts', 'tests/security/live/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // One browser, one server: files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
