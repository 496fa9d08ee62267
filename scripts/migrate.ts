/** `npm run db:migrate`: applies committed migrations to DATABASE_URL (or the embedded database). */
import { closeDb, getDb } from '../db/client';
import { migrateDatabase } from '../db/migrate';

await migrateDatabase(getDb(), process.env.DATABASE_URL ? 'pg' : 'pglite');
await closeDb();
console.log('Migrations applied.');
