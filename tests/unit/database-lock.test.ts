import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, DatabaseInUseError, lockFile, lockHolder } from '@/db/lock';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'redress-lock-'));

describe('embedded database lock', () => {
  it('refuses a folder held by another live process, with a message that says what to do', () => {
    const dir = tempDir();
    // The parent process (the test runner) is alive and is not us.
    fs.writeFileSync(lockFile(dir), String(process.ppid));
    expect(lockHolder(dir)).toBe(process.ppid);
    expect(() => acquireLock(dir)).toThrow(DatabaseInUseError);
    expect(() => acquireLock(dir)).toThrow(/already in use.*Stop that process/);
  });

  it('takes over a lock left by a process that is gone', () => {
    const dir = tempDir();
    fs.writeFileSync(lockFile(dir), '2147483646');
    expect(lockHolder(dir)).toBeNull();
    acquireLock(dir);
    expect(fs.readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid));
  });
});
