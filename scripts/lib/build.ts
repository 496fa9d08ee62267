import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const sources = ['app', 'components', 'lib', 'db', 'messages', 'public', 'proxy.ts', 'instrumentation.ts', 'next.config.js', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json'];
const stampFile = path.join('.next', 'redress-build-stamp');

/** A fingerprint of everything that goes into the build: paths, sizes and modification times. */
function fingerprint(): string {
  const hash = crypto.createHash('sha256');
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) walk(path.join(p, entry));
    } else {
      hash.update(`${p}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  sources.forEach(walk);
  return hash.digest('hex');
}

/** Runs `next build` unless the last build was made from the same sources. */
export function buildIfNeeded(): void {
  const stamp = fingerprint();
  const isFresh = fs.existsSync(path.join('.next', 'BUILD_ID')) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
  if (isFresh) return;
  console.log('Building Redress (first run or changed sources)…');
  // The build must never open the database: no DATABASE_URL, and pages are dynamic.
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const result = spawnSync(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    stdio: 'inherit',
    env: { ...env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error('next build failed.');
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(stampFile, stamp);
}
