import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { closeDb, openPglite, openPostgres, setDb } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { setStorage } from '@/lib/storage';
import { adminQuery, adminUrl, dropDatabaseWhenIdle, uniqueName, withDatabase } from '../support/database';

/** Each test file gets a fresh, migrated database and its own data folder. */
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  process.env.REDRESS_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-test-'));
  setStorage(undefined);
  const template = inject('templateDatabase');
  const url = adminUrl();
  if (url && template) {
    const name = uniqueName('redress_test');
    await adminQuery(url, `create database ${name} template ${template}`);
    // Tests that play a second app instance open their own pool to the same database.
    process.env.TEST_DATABASE_URL = withDatabase(url, name);
    const opened = openPostgres(process.env.TEST_DATABASE_URL);
    setDb(opened.db, opened.close);
    dropDatabase = () => dropDatabaseWhenIdle(url, name);
  } else {
    const opened = openPglite();
    await migrateDatabase(opened.db, 'pglite');
    setDb(opened.db, opened.close);
  }
});

afterAll(async () => {
  await closeDb();
  await dropDatabase?.();
  fs.rmSync(process.env.REDRESS_DATA_DIR!, { recursive: true, force: true });
});
