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

export async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export const uniqueName = (prefix: string) => `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
