import type { TestProject } from 'vitest/node';
import { adminQuery, adminUrl, dropDatabaseWhenIdle, uniqueName, withDatabase } from '../support/database';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string | null;
  }
}

/**
 * With DATABASE_URL: one migrated template database per run; each test file clones it
 * (CREATE DATABASE … TEMPLATE is fast) and drops its clone. Without: PGlite in memory.
 */
export default async function setup(project: TestProject) {
  const url = adminUrl();
  if (!url) {
    project.provide('templateDatabase', null);
    return;
  }
  const template = uniqueName('redress_tpl');
  await adminQuery(url, `create database ${template}`);
  // Imported here so the PGlite-only run never loads pg's migrator.
  process.env.REDRESS_DATA_DIR ??= `/tmp/${template}`;
  const { openPostgres } = await import('../../db/client');
  const { migrateDatabase } = await import('../../db/migrate');
  const opened = openPostgres(withDatabase(url, template));
  await migrateDatabase(opened.db, 'pg');
  await opened.close();
  project.provide('templateDatabase', template);
  return async () => {
    await dropDatabaseWhenIdle(url, template);
  };
}
