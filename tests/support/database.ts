import crypto from 'node:crypto';
import pg from 'pg';

/**
 * Tests create and drop databases: refuse anything but a server on this machine, so a
 * mistyped DATABASE_URL can never point the suite at a shared database.
 */
export function adminUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  if (!url) return undefined;
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    throw new Error(`Refusing to run tests against a non-local database (${host}).`);
  }
  return url;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, statement: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(statement, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Drops a test database once its connections are gone. pg's Pool.end() resolves before the
 * sockets close, and forcing the drop would kill them mid-goodbye (an uncaught error).
 */
export async function dropDatabaseWhenIdle(url: string, name: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [row] = await adminQuery<{ n: number }>(url, 'select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
    if (row?.n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await adminQuery(url, `drop database if exists ${name} with (force)`);
}

export const uniqueName = (prefix: string) => `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
