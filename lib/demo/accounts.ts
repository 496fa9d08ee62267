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

export function formatDemoAccounts(accounts: DemoAccount[]): string {
  const width = Math.max(...accounts.map((a) => a.email.length));
  return accounts.map((a) => `  ${a.role.padEnd(10)} ${a.email.padEnd(width)}  ${a.password}`).join('\n');
}
