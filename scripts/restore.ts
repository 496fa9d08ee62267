/**
 * `npm run db:restore -- FILE [--force]`: restores a backup made by `npm run db:backup` into
 * DATABASE_URL (or the embedded database under REDRESS_DATA_DIR) and REDRESS_DATA_DIR/uploads.
 * Refuses a database or data folder that already holds data unless --force (what was there is
 * dropped, for PostgreSQL, or moved aside). Stop the server first. See README, "Backups".
 */
import { parseArgs } from 'node:util';
import { BackupError, restoreBackup } from '../lib/backup';
import { dataDir, env } from '../lib/env';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
if (positionals.length !== 1) {
  console.error('Usage: npm run db:restore -- FILE [--force]');
  process.exit(2);
}

try {
  const { manifest, setAside } = await restoreBackup({ file: positionals[0]!, dataDir: dataDir(), databaseUrl: env().DATABASE_URL, force: values.force });
  console.log(`Restored the backup of ${manifest.createdAt}: ${manifest.driver} database and ${manifest.files.length} documents into ${dataDir()}.`);
  if (manifest.keys.length) console.log(`  Keys restored: ${manifest.keys.map((k) => k.path.replace(/^keys\//, '')).join(', ')}.`);
  else console.log('  The backup holds no keys: start the server with the DOCUMENT_KEY the documents were stored with.');
  for (const aside of setAside) console.log(`  What was there before is kept in ${aside}`);
} catch (error) {
  console.error(`Restore failed: ${error instanceof BackupError ? error.message : error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
}
