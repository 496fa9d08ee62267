import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import * as schema from './schema';
import { acquireLock } from './lock';
import { dataDir, env } from '@/lib/env';

/**
 * One type for both drivers. PGlite's drizzle database has the same query API; only the raw
 * `execute` result differs, and both carry `rows`.
 */
export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A database or an open transaction: domain functions accept either. */
export type DbOrTx = Db | Tx;

type Holder = { db?: Db; close?: () => Promise<void> };
// One instance per process, also across Turbopack chunks that load this module twice.
const holder: Holder = ((globalThis as { __redressDb?: Holder }).__redressDb ??= {});

export function openPostgres(url: string): { db: Db; close: () => Promise<void> } {
  const pool = new Pool({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
  return { db: drizzlePg(pool, { schema }), close: () => pool.end() };
}

/** Opens PGlite in `dir` (or in memory when `dir` is undefined). */
export function openPglite(dir?: string): { db: Db; client: PGlite; close: () => Promise<void> } {
  if (dir) acquireLock(dir);
  // pg_trgm backs the queue's text search (migration 0001 creates the extension).
  const options = { extensions: { pg_trgm } };
  const client = dir ? new PGlite(path.join(dir, 'pglite'), options) : new PGlite(options);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, client, close: () => client.close() };
}

/**
 * The process's database. Opened on first use, at request time or in instrumentation, never
 * at build time. DATABASE_URL set: a node-postgres pool; unset: PGlite under REDRESS_DATA_DIR.
 */
export function getDb(): Db {
  if (!holder.db) {
    const url = env().DATABASE_URL;
    const opened = url ? openPostgres(url) : openPglite(dataDir());
    holder.db = opened.db;
    holder.close = opened.close;
  }
  return holder.db;
}

/** Lets tests (and scripts) run the app's code against a database they opened. */
export function setDb(db: Db, close?: () => Promise<void>): void {
  holder.db = db;
  holder.close = close;
}

export async function closeDb(): Promise<void> {
  const close = holder.close;
  holder.db = undefined;
  holder.close = undefined;
  await close?.();
}
