import fs from 'node:fs';
import path from 'node:path';
import { dataDir, isEmbedded } from '@/lib/env';
import type { DemoAccount } from './seed';

const file = () => path.join(dataDir(), 'demo-accounts.json');

export function writeDemoAccounts(accounts: DemoAccount[]): void {
  fs.mkdirSync(dataDir(), { recursive: true });
  fs.writeFileSync(file(), JSON.stringify(accounts, null, 2), { mode: 0o600 });
}

/** The demo logins, only in the embedded demo. Never on a PostgreSQL deployment. */
export function readDemoAccounts(): DemoAccount[] {
  if (!isEmbedded()) return [];
  try {
    return JSON.parse(fs.readFileSync(file(), 'utf8')) as DemoAccount[];
  } catch {
    return [];
  }
}

/**
 * The logins as printed at start-up and by `npm run db:seed`: role, e-mail, password and, for staff,
 * the two-factor secret, followed by how to get a code.
 */
export function formatDemoAccounts(accounts: DemoAccount[]): string {
  const width = Math.max(...accounts.map((a) => a.email.length));
  const rows = accounts.map((a) => `  ${a.role.padEnd(10)} ${a.email.padEnd(width)}  ${a.password}${a.totpSecret ? `  ${a.totpSecret}` : ''}`);
  if (!accounts.some((a) => a.totpSecret)) return rows.join('\n');
  return [
    ...rows,
    '',
    '  Staff sign in with a second factor: a 6-digit code that changes every 30 seconds.',
    "  In the embedded demo the sign-in page shows each staff account's current code.",
    '  Or add the secret after the password (the last column) to an authenticator app.',
  ].join('\n');
}
