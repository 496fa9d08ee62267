import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the embedded database', () => {
  it('refuses a second `npm start` on the same folder at once, with a clear message', async () => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: { ...process.env, REDRESS_DATA_DIR: process.env.E2E_DATA_DIR, PORT: '3199', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/already running on the embedded database/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
