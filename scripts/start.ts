/**
 * `npm start`: builds on first run, then serves the portal with `next start`.
 * Without DATABASE_URL it uses the embedded database under REDRESS_DATA_DIR (default .data),
 * migrated and seeded with demo data by the server itself (instrumentation.ts).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { lockHolder } from '../db/lock';
import { buildIfNeeded } from './lib/build';

const dataDir = path.resolve(process.env.REDRESS_DATA_DIR || '.data');
if (!process.env.DATABASE_URL) {
  const holder = lockHolder(dataDir);
  if (holder) {
    console.error(
      `Redress is already running on the embedded database in ${dataDir} (process ${holder}).\n` +
        'Two servers on one embedded database would corrupt it. Stop the other one, or set REDRESS_DATA_DIR to another folder.',
    );
    process.exit(1);
  }
}

buildIfNeeded();

const port = process.env.PORT || '3000';
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  NEXTAUTH_URL: process.env.NEXTAUTH_URL || `http://localhost:${port}`,
};
const server = spawn(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', port], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
