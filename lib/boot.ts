import { getDb } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { formatDemoAccounts, readDemoAccounts, writeDemoAccounts } from '@/lib/demo/accounts';
import { isSeeded, seedDemo } from '@/lib/demo/seed';
import { appUrl, isEmbedded } from '@/lib/env';
import { startJobWorker } from '@/lib/jobs/worker';
import { startPetitionCounter } from '@/lib/petitions/counter';
import { startPrivacyMaintenance } from '@/lib/privacy/maintenance';

/**
 * Runs once when the server starts (instrumentation.ts), never during `next build`.
 * The embedded database is migrated and, when new, filled with demo data. A PostgreSQL
 * deployment is migrated explicitly with `npm run db:migrate`. Either way the petition counter
 * starts here (every instance runs one; they take turns through an advisory lock).
 */
export async function boot(): Promise<void> {
  if (!isEmbedded()) {
    startPetitionCounter();
    startPrivacyMaintenance();
    startJobWorker();
    return;
  }
  const db = getDb();
  await migrateDatabase(db, 'pglite');
  if (!(await isSeeded(db))) {
    console.log('Redress: new embedded database, adding demo data…');
    writeDemoAccounts(await seedDemo(db));
  }
  startPetitionCounter();
  startPrivacyMaintenance();
  startJobWorker();
  const accounts = readDemoAccounts();
  if (accounts.length) {
    console.log(`\nRedress demo is ready at ${appUrl()}\nDemo logins (role, e-mail, password, two-factor secret):\n${formatDemoAccounts(accounts)}\n`);
  }
}

/** boot(), or stop the process at once with a clear message (a second server on the same embedded database, a failed migration). */
export async function bootOrExit(): Promise<void> {
  try {
    await boot();
  } catch (error) {
    console.error(`\nRedress cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
