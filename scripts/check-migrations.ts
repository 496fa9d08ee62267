/** Fails when db/schema changed without a generated migration (drizzle-kit would write a new one). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-migrations-'));
fs.cpSync('db/migrations', scratch, { recursive: true });
const before = new Set(fs.readdirSync(scratch));
const result = spawnSync(
  process.execPath,
  ['node_modules/drizzle-kit/bin.cjs', 'generate', '--dialect', 'postgresql', '--schema', './db/schema/index.ts', '--out', scratch, '--name', 'check'],
  { encoding: 'utf8' },
);
const added = fs.readdirSync(scratch).filter((f) => !before.has(f));
fs.rmSync(scratch, { recursive: true, force: true });
if (result.status !== 0) {
  console.error(result.stdout, result.stderr);
  process.exit(1);
}
if (added.length) {
  console.error('The schema in db/schema differs from the committed migrations. Run `npm run db:generate` and commit the result.');
  process.exit(1);
}
console.log('Migrations match the schema.');
