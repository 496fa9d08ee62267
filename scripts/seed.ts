/**
 * `npm run db:seed`: adds the demo data to an empty database. On PostgreSQL this is the only
 * way demo accounts appear; their passwords are printed once, here.
 */
import { closeDb, getDb } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { formatDemoAccounts, writeDemoAccounts } from '../lib/demo/accounts';
import { isSeeded, seedDemo } from '../lib/demo/seed';

const db = getDb();
const isEmbedded = !process.env.DATABASE_URL;
await migrateDatabase(db, isEmbedded ? 'pglite' : 'pg');
if (await isSeeded(db)) {
  console.log('The database already has users; demo data not added.');
} else {
  const accounts = await seedDemo(db);
  if (isEmbedded) writeDemoAccounts(accounts);
  console.log(`Demo data added. Logins (role, e-mail, password, two-factor secret):\n${formatDemoAccounts(accounts)}`);
}
await closeDb();
