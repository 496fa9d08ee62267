import { register } from 'node:module';
import pg from 'pg';

/**
 * The app's modules import 'server-only', which throws outside React Server Components, and
 * `node --conditions=react-server` breaks next-intl's React imports: resolve it to an empty
 * module for this process (as vitest.config.ts does for the tests). Call before importing any.
 */
export function allowServerOnlyImports(): void {
  register(
    'data:text/javascript,' +
      encodeURIComponent(`export async function resolve(s, c, n) { return s === 'server-only' ? { url: 'data:text/javascript,', shortCircuit: true } : n(s, c); }`),
  );
}

/** One short-lived connection for a few statements. */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
