import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { acquireLock, lockHolder } from '@/db/lock';

/**
 * Backups of a Redress installation as one tar file: the database (pg_dump's custom format for
 * PostgreSQL, PGlite's data-directory dump for the embedded database), the stored documents
 * exactly as they lie on disk (still encrypted with DOCUMENT_KEY), and a manifest with the
 * SHA-256 of every part, checked again on restore.
 *
 * Keys are left out unless asked for (`includeKeys`): a backup that carries DOCUMENT_KEY next to
 * the documents it protects is as sensitive as the plaintext. Keep keys in a separate place.
 */
export const BACKUP_FORMAT = 'redress-backup';
export const BACKUP_VERSION = 1;

/** Key files the embedded installation generates in its data folder (lib/secrets.ts, lib/receipts/signing.ts). */
export const KEY_FILES = ['document.key', 'auth-secret', 'receipt-ed25519.pem', 'demo-accounts.json'] as const;

type Driver = 'postgres' | 'pglite';
type Part = { path: string; bytes: number; sha256: string };

export type BackupManifest = {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  driver: Driver;
  database: Part;
  files: Part[];
  keys: Part[];
};

export type Target = {
  /** REDRESS_DATA_DIR: documents under uploads/, the embedded database under pglite/. */
  dataDir: string;
  /** PostgreSQL; without it, the embedded database in dataDir. */
  databaseUrl?: string;
};

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

async function sha256Of(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return { bytes: fs.statSync(file).size, sha256: hash.digest('hex') };
}

/** Every file under `root/folder`, as paths relative to `root`, sorted. */
function filesUnder(root: string, folder: string): string[] {
  const base = path.join(root, folder);
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

async function partsOf(root: string, relative: string[]): Promise<Part[]> {
  const parts: Part[] = [];
  for (const file of relative) {
    const { bytes, sha256 } = await sha256Of(path.join(root, file));
    parts.push({ path: file.split(path.sep).join('/'), bytes, sha256 });
  }
  return parts;
}

/** Runs a program, failing with its last lines of stderr. Arguments never carry a password. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-4000);
    });
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new BackupError(error.code === 'ENOENT' ? `${command} is not installed (on Debian: apt-get install postgresql-client).` : `${command}: ${error.message}`)),
    );
    child.once('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

/** The URL without its password, and the environment that carries the password instead (not visible in `ps`). */
function connection(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function openEmbedded(dataDir: string, options: { loadDataDir?: Blob } = {}): Promise<PGlite> {
  const holder = lockHolder(dataDir);
  if (holder) throw new BackupError(`The embedded database in ${dataDir} is in use by process ${holder}. Stop the server first.`);
  acquireLock(dataDir);
  const client = new PGlite(path.join(dataDir, 'pglite'), { extensions: { pg_trgm }, ...options });
  await client.waitReady;
  return client;
}

/**
 * Writes a backup to `output` (a .tar file), by way of a temporary file renamed at the end, so
 * a failed backup never leaves a half file under the final name.
 */
export async function createBackup(target: Target & { output: string; includeKeys?: boolean }): Promise<BackupManifest> {
  const dataDir = path.resolve(target.dataDir);
  const output = path.resolve(target.output);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(output), '.redress-backup-'));
  try {
    fs.mkdirSync(path.join(staging, 'database'));
    const driver: Driver = target.databaseUrl ? 'postgres' : 'pglite';
    let databaseFile: string;
    if (target.databaseUrl) {
      databaseFile = 'database/postgres.dump';
      const { url, env } = connection(target.databaseUrl);
      // Custom format: compressed, restored with pg_restore; one consistent snapshot.
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${path.join(staging, databaseFile)}`, `--dbname=${url}`], env);
    } else {
      databaseFile = 'database/pglite.tar.gz';
      if (!fs.existsSync(path.join(dataDir, 'pglite'))) throw new BackupError(`No embedded database in ${dataDir}.`);
      const client = await openEmbedded(dataDir);
      try {
        const dump = await client.dumpDataDir('gzip');
        fs.writeFileSync(path.join(staging, databaseFile), Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
      } finally {
        await client.close();
      }
    }
    const files = await partsOf(dataDir, filesUnder(dataDir, 'uploads'));
    let keys: Part[] = [];
    if (target.includeKeys) {
      fs.mkdirSync(path.join(staging, 'keys'), { mode: 0o700 });
      for (const name of KEY_FILES) {
        if (fs.existsSync(path.join(dataDir, name))) fs.copyFileSync(path.join(dataDir, name), path.join(staging, 'keys', name));
      }
      keys = await partsOf(staging, filesUnder(staging, 'keys'));
    }
    const [database] = await partsOf(staging, [databaseFile]);
    const manifest: BackupManifest = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), driver, database: database!, files, keys };
    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));

    const partial = `${output}.partial`;
    const entries = ['manifest.json', 'database', ...(keys.length ? ['keys'] : [])];
    // Documents are taken from where they lie, not copied first: the archive is the only copy made.
    await run('tar', ['--create', `--file=${partial}`, '-C', staging, ...entries, ...(files.length ? ['-C', dataDir, 'uploads'] : [])]);
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, output);
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function verify(root: string, parts: Part[], what: string): Promise<void> {
  for (const part of parts) {
    const file = path.join(root, ...part.path.split('/'));
    if (!fs.existsSync(file)) throw new BackupError(`The backup is incomplete: ${what} ${part.path} is missing.`);
    const { bytes, sha256 } = await sha256Of(file);
    if (bytes !== part.bytes || sha256 !== part.sha256) throw new BackupError(`The backup is damaged: ${what} ${part.path} does not match its checksum.`);
  }
}

/** Tables already in the PostgreSQL database (the app's schemas), and how many users it has. */
async function postgresContents(databaseUrl: string): Promise<{ tables: number; users: number | null }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')");
    const hasUsers = await client.query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'users'");
    const users = hasUsers.rows[0]!.n ? (await client.query<{ n: number }>('select count(*)::int as n from users')).rows[0]!.n : null;
    return { tables: tables.rows[0]!.n, users };
  } finally {
    await client.end();
  }
}

async function emptyPostgres(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public;');
  } finally {
    await client.end();
  }
}

const isNonEmptyDir = (dir: string) => fs.existsSync(dir) && fs.readdirSync(dir).length > 0;

/** Moves `dir` aside (never deletes): a forced restore can still be undone by hand. */
function setAside(dir: string, stamp: string): string | null {
  if (!fs.existsSync(dir)) return null;
  const aside = `${dir}.before-restore-${stamp}`;
  fs.renameSync(dir, aside);
  return aside;
}

export type RestoreResult = { manifest: BackupManifest; setAside: string[] };

/**
 * Restores a backup into `target`. Refuses a database that already has tables, or a data folder
 * that already holds documents, unless `force`: then the PostgreSQL schemas are dropped and the
 * embedded database and documents already there are moved aside (`<name>.before-restore-<time>`).
 * The embedded database must not be open by a running server (its lock file says so).
 */
export async function restoreBackup(target: Target & { file: string; force?: boolean }): Promise<RestoreResult> {
  const dataDir = path.resolve(target.dataDir);
  const file = path.resolve(target.file);
  if (!fs.existsSync(file)) throw new BackupError(`No such backup file: ${file}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const holder = lockHolder(dataDir);
  if (holder) throw new BackupError(`A Redress server (process ${holder}) is using ${dataDir}. Stop it before restoring.`);
  // Inside the data folder, so the documents move into place with a rename, not a copy.
  const staging = fs.mkdtempSync(path.join(dataDir, '.restore-'));
  try {
    await run('tar', ['--extract', `--file=${file}`, '-C', staging, '--no-same-owner']);
    const manifestFile = path.join(staging, 'manifest.json');
    if (!fs.existsSync(manifestFile)) throw new BackupError('This is not a Redress backup (no manifest.json).');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
    if (manifest.format !== BACKUP_FORMAT || manifest.version !== BACKUP_VERSION) throw new BackupError(`Unknown backup format ${manifest.format} v${manifest.version}.`);
    const driver: Driver = target.databaseUrl ? 'postgres' : 'pglite';
    if (manifest.driver !== driver) {
      throw new BackupError(
        `This backup is of the ${manifest.driver === 'pglite' ? 'embedded database' : 'PostgreSQL database'}; ` +
          `${target.databaseUrl ? 'unset DATABASE_URL' : 'set DATABASE_URL'} to restore it (moving between the two is not supported).`,
      );
    }
    await verify(staging, [manifest.database], 'the database');
    await verify(staging, manifest.files, 'document');
    await verify(staging, manifest.keys, 'key');

    // Nothing is touched until every check passed.
    const problems: string[] = [];
    if (target.databaseUrl) {
      const contents = await postgresContents(target.databaseUrl);
      if (contents.tables > 0) problems.push(`the database already has ${contents.tables} tables${contents.users !== null ? ` and ${contents.users} users` : ''}`);
    } else if (isNonEmptyDir(path.join(dataDir, 'pglite'))) {
      problems.push(`${path.join(dataDir, 'pglite')} already holds an embedded database`);
    }
    if (isNonEmptyDir(path.join(dataDir, 'uploads'))) problems.push(`${path.join(dataDir, 'uploads')} already holds documents`);
    const differingKeys = manifest.keys.filter((key) => {
      const existing = path.join(dataDir, key.path.replace(/^keys\//, ''));
      return fs.existsSync(existing) && !fs.readFileSync(existing).equals(fs.readFileSync(path.join(staging, key.path)));
    });
    if (differingKeys.length) problems.push(`different keys are already in ${dataDir} (${differingKeys.map((k) => path.basename(k.path)).join(', ')})`);
    if (problems.length && !target.force) {
      throw new BackupError(`Refusing to restore: ${problems.join('; ')}. Restore into an empty database and data folder, or pass --force to replace what is there.`);
    }

    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const asideList: string[] = [];
    if (target.databaseUrl) {
      if (problems.length) await emptyPostgres(target.databaseUrl);
      const { url, env } = connection(target.databaseUrl);
      await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, path.join(staging, manifest.database.path)], env);
    } else {
      const aside = setAside(path.join(dataDir, 'pglite'), stamp);
      if (aside) asideList.push(aside);
      const dump = new Blob([fs.readFileSync(path.join(staging, manifest.database.path))]);
      const client = await openEmbedded(dataDir, { loadDataDir: dump });
      await client.close();
    }
    const uploads = path.join(dataDir, 'uploads');
    if (isNonEmptyDir(uploads)) asideList.push(setAside(uploads, stamp)!);
    else fs.rmSync(uploads, { recursive: true, force: true });
    if (fs.existsSync(path.join(staging, 'uploads'))) fs.renameSync(path.join(staging, 'uploads'), uploads);
    for (const key of manifest.keys) {
      const destination = path.join(dataDir, path.basename(key.path));
      if (fs.existsSync(destination)) {
        if (differingKeys.includes(key)) asideList.push(setAside(destination, stamp)!);
        else continue;
      }
      fs.renameSync(path.join(staging, key.path), destination);
      fs.chmodSync(destination, 0o600);
    }
    return { manifest, setAside: asideList };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
