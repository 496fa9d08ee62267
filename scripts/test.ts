/**
 * `npm test`: unit, integration and security tests (PGlite, or PostgreSQL when DATABASE_URL is set),
 * then the end-to-end tests in Chromium against the built app on the embedded database.
 */
import { spawnSync } from 'node:child_process';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'unit', '--project', 'integration', '--project', 'security']);
run(process.execPath, ['--import', 'tsx', 'scripts/e2e.ts']);
