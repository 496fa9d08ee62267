/**
 * End-to-end tests: builds the app if needed, starts `next start` on a fresh embedded
 * database in a temporary folder, and runs tests/e2e in Debian's Chromium. Without Chromium
 * it fails loudly, unless SKIP_E2E=1 is set explicitly.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfNeeded } from './lib/build';
import { findChromium } from './lib/chromium';

const chromium = findChromium();
if (!chromium) {
  if (process.env.SKIP_E2E === '1') {
    console.warn('\n*** SKIP_E2E=1: end-to-end tests NOT run (no Chromium). ***\n');
    process.exit(0);
  }
  console.error(
    '\n*** No Chromium found (looked at CHROMIUM_PATH, /usr/bin/chromium). ***\n' +
      'Install it with `apt-get install -y chromium`, or set SKIP_E2E=1 to skip the end-to-end tests explicitly.\n',
  );
  process.exit(1);
}

buildIfNeeded();

const port = process.env.E2E_PORT || '3123';
const baseUrl = `http://localhost:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-e2e-'));
// The e2e server always runs on its own embedded database and keeps mail for the mailbox.
const env = { ...process.env };
delete env.DATABASE_URL;
delete env.SMTP_URL;
// Every browser of the run signs up from 127.0.0.1: the per-address sign-up limit (10 an hour by
// default, tested in tests/integration/staff-admin.test.ts) would refuse the later test files.
const serverEnv = {
  ...env,
  REDRESS_DATA_DIR: dataDir,
  NEXTAUTH_URL: baseUrl,
  NEXT_TELEMETRY_DISABLED: '1',
  PORT: port,
  SIGN_UP_PER_IP_PER_HOUR: '500',
};
const logFile = path.join(dataDir, 'server.log');
const log = fs.openSync(logFile, 'a');
const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', port], {
  env: serverEnv,
  stdio: ['ignore', log, log],
  detached: true,
});

function stop(): void {
  try {
    process.kill(-server.pid!, 'SIGTERM');
  } catch {
    // already stopped
  }
}
process.on('exit', stop);

async function waitForServer(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break;
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  console.error(`The app did not start. Server log:\n${fs.readFileSync(logFile, 'utf8')}`);
  process.exit(1);
}

await waitForServer();
const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'e2e', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...env, E2E_BASE_URL: baseUrl, E2E_DATA_DIR: dataDir, CHROMIUM_PATH: chromium },
});
stop();
if (result.status !== 0) console.error(`Server log: ${logFile}`);
else fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
