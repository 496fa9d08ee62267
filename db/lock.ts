import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite corrupts its files when two processes open them (pglite#1106), and nothing in PGlite
 * prevents it. A lock file holding the owner's pid does.
 */
export class DatabaseInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dir} is already in use by process ${pid}. ` +
        'Stop that process first (or set REDRESS_DATA_DIR to another folder): two processes on one embedded database corrupt it.',
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockFile(dir: string): string {
  return path.join(dir, 'pglite.lock');
}

/** The pid holding the lock on `dir`, if a live process other than this one holds it. */
export function lockHolder(dir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(lockFile(dir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock for this process or throws DatabaseInUseError. Released when the process exits. */
export function acquireLock(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const holder = lockHolder(dir);
  if (holder) throw new DatabaseInUseError(dir, holder);
  const file = lockFile(dir);
  fs.writeFileSync(file, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
}
