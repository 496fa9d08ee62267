/**
 * `npm run db:backup [-- --output FILE] [-- --include-keys]`: the database (DATABASE_URL, or the
 * embedded one under REDRESS_DATA_DIR) and every stored document, in one tar file with checksums.
 * The embedded database must not be in use by a running server. See README, "Backups".
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, createBackup } from '../lib/backup';
import { dataDir, env } from '../lib/env';

const { values } = parseArgs({ options: { output: { type: 'string', short: 'o' }, 'include-keys': { type: 'boolean', default: false } } });
const databaseUrl = env().DATABASE_URL;
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const output = values.output ?? path.join('backups', `redress-${databaseUrl ? 'postgres' : 'embedded'}-${stamp}.tar`);

try {
  const manifest = await createBackup({ dataDir: dataDir(), databaseUrl, output, includeKeys: values['include-keys'] });
  const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  console.log(`Backup written to ${path.resolve(output)}`);
  console.log(`  database: ${manifest.driver}, ${manifest.database.bytes} bytes; documents: ${manifest.files.length} files, ${bytes} bytes`);
  if (manifest.keys.length) {
    console.log(`  keys included: ${manifest.keys.map((k) => path.basename(k.path)).join(', ')}. Store this file as you would the keys themselves.`);
  } else {
    console.log(
      '  Keys are NOT in the backup. Documents stay encrypted with DOCUMENT_KEY: without it they cannot be read.\n' +
        '  Keep DOCUMENT_KEY, NEXTAUTH_SECRET and RECEIPT_SIGNING_KEY (or, for the embedded demo, the files\n' +
        `  document.key, auth-secret and receipt-ed25519.pem in ${dataDir()}) somewhere safe and separate, or pass --include-keys.`,
    );
  }
} catch (error) {
  console.error(`Backup failed: ${error instanceof BackupError ? error.message : error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
}
