/**
 * `npm run audit:verify`: checks the audit log's hash chain in DATABASE_URL (or the embedded
 * database, which must not be open in a running app) and exits 1 at the first broken link.
 * `--batch N` sets the events read per query.
 */
import fs from 'node:fs';
import path from 'node:path';
import { closeDb, getDb } from '../db/client';
import { AUDIT_VERIFY_BATCH, verifyAuditChain } from '../lib/audit/chain';
import { dataDir } from '../lib/env';

const batchArg = process.argv.indexOf('--batch');
const batch = batchArg > 0 ? Number(process.argv[batchArg + 1]) : AUDIT_VERIFY_BATCH;
if (!Number.isInteger(batch) || batch < 1) {
  console.error('--batch must be a positive whole number.');
  process.exit(2);
}
if (!process.env.DATABASE_URL && !fs.existsSync(path.join(dataDir(), 'pglite'))) {
  console.error(`No embedded database in ${dataDir()} (set DATABASE_URL or REDRESS_DATA_DIR).`);
  process.exit(2);
}

const started = performance.now();
let code = 0;
try {
  const result = await verifyAuditChain(getDb(), { batch });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (result.ok) {
    console.log(`Audit chain intact: ${result.checked} events checked in ${seconds} s${result.lastEventId ? ` (last event ${result.lastEventId})` : ''}.`);
  } else {
    console.error(`Audit chain BROKEN at event ${result.eventId}: ${result.reason} (${result.checked} events before it are intact).`);
    code = 1;
  }
} catch (error) {
  console.error('Audit chain could not be verified:', error instanceof Error ? error.message : error);
  code = 2;
} finally {
  await closeDb();
}
process.exit(code);
