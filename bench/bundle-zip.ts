/**
 * The ZIP export of a finalized bundle of 200 cases and about 1 GB of documents.
 *
 * Target (bundle exports issue): the export keeps the server's resident memory growth under
 * 150 MB, and the download starts at once.
 *
 * 1. Seeds its own database (default redress_bench_zip) and data directory, once: an organizer
 *    (organizer@bench.redress.kz, password `bench-zip-organizer`), 200 applicants, 200 accepted
 *    cases with consent, each with three documents (judgment 2 MiB, appellate ruling 1.75 MiB,
 *    evidence 1.5 MiB: 1,050 MiB in all) of random bytes behind a "%PDF-1.4" header, stored
 *    encrypted exactly as uploads are (LocalEncryptedStorage under <data-dir>/uploads, with the
 *    key in <data-dir>/document-key), and one bundle of all 200 cases, finalized through the
 *    app's own functions. A comment on the database marks the seed; it is rebuilt when the data
 *    directory lost its files, and `--reseed` rebuilds it anyway.
 * 2. Against a RUNNING `next start` on that database and data directory (the command is
 *    printed; see bench/README.md), downloads the ZIP --runs times as the organizer, reading the
 *    body as a stream (counted and hashed, never kept), while it reads the server's RSS every
 *    100 ms and requests /api/health every 200 ms. Reports per run: time to headers, to the first
 *    body byte and to the end, throughput, Content-Length against bytes received, the SHA-256
 *    against the one the server recorded in bundle_exports, the server's RSS before / peak /
 *    after, and the health check's latency while the export ran. `--throttle=MBps` reads the body
 *    no faster than that, like a browser on a slow link: the server must then hold back (stream
 *    backpressure) instead of buffering what the client has not taken yet.
 *
 * Usage: npx tsx bench/bundle-zip.ts [--reseed] [--seed-only] [--runs=2] [--throttle=MBps] [--wait-quiet=120]
 *          [--data-dir=/tmp/bench-zip-data]
 * Env:   BENCH_URL (default http://127.0.0.1:3211)
 *        BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/redress_bench_zip)
 *
 * The app's modules import 'server-only', which throws outside React Server Components, and
 * `node --conditions=react-server` breaks next-intl's React imports: as bench/queue.ts does,
 * this file resolves 'server-only' to an empty module before importing any of them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { cpuOf, listeningPid, machineTicks } from './lib/cpu';
import { signInCookie } from './lib/load';
import { articles, courtsByRegion, judgePool, narrativeSentences, peoplePool, prng } from './lib/queue-data';
import { rssOf, sampleRss, type RssSample } from './lib/rss';
import { allowServerOnlyImports, withClient } from './lib/app';

allowServerOnlyImports();

const { values: args } = parseArgs({
  options: {
    reseed: { type: 'boolean', default: false },
    'seed-only': { type: 'boolean', default: false },
    runs: { type: 'string', default: '2' },
    /** Read the body at most this fast, in MB/s (10^6 bytes); 0: as fast as the server sends. */
    throttle: { type: 'string', default: '0' },
    'data-dir': { type: 'string', default: '/tmp/bench-zip-data' },
    /** Before each run, wait up to this many seconds for the rest of the machine to use under 20% of a core. */
    'wait-quiet': { type: 'string', default: '120' },
  },
});

const baseUrl = (process.env.BENCH_URL ?? 'http://127.0.0.1:3211').replace(/\/$/, '');
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/redress_bench_zip';
const databaseName = new URL(databaseUrl).pathname.slice(1);
const adminUrl = Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString();
const dataDir = path.resolve(args['data-dir']!);
const keyFile = path.join(dataDir, 'document-key');
const bundleIdFile = path.join(dataDir, 'bundle-id');

const CASES = 200;
const MiB = 1024 * 1024;
/** Per case, in this order (the judgment first, as an applicant uploads it). */
const DOCUMENTS = [
  { kind: 'judgment', name: 'приговор.pdf', size: 2 * MiB },
  { kind: 'appellate_ruling', name: 'постановление апелляции.pdf', size: 1.75 * MiB },
  { kind: 'evidence', name: 'заключение эксперта.pdf', size: 1.5 * MiB },
] as const;
const ORGANIZER_EMAIL = 'organizer@bench.redress.kz';
/** Known password of the benchmark organizer. */
const ORGANIZER_PASSWORD = 'bench-zip-organizer';
const SEED_MARK = `redress bundle-zip bench v1: ${CASES} cases x ${DOCUMENTS.length} documents`;
/** The target of the issue. */
const MAX_GROWTH_MB = 150;

const log = (message: string) => console.error(`[bundle-zip bench] ${message}`);
const secondsSince = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// Seeding

/** The database's seed mark, or 'missing'. */
async function databaseMark(): Promise<string | null | 'missing'> {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ mark: string | null }>(`select shobj_description(oid, 'pg_database') as mark from pg_database where datname = $1`, [databaseName]);
    return rows.length ? rows[0]!.mark : 'missing';
  });
}

/** The seed is usable when the database is marked and the finalized bundle and every stored file are there. */
async function isSeeded(): Promise<boolean> {
  if ((await databaseMark()) !== SEED_MARK || !fs.existsSync(bundleIdFile) || !fs.existsSync(keyFile)) return false;
  const bundleId = fs.readFileSync(bundleIdFile, 'utf8').trim();
  const keys = await withClient(databaseUrl, async (c) => {
    const { rows } = await c.query<{ key: string }>(
      `select d.storage_key as key from bundle_documents bd join documents d on d.id = bd.document_id join bundles b on b.id = bd.bundle_id
       where b.id = $1 and b.status = 'finalized'`,
      [bundleId],
    );
    return rows.map((r) => r.key);
  });
  return keys.length === CASES * DOCUMENTS.length && keys.every((k) => fs.existsSync(path.join(dataDir, 'uploads', k)));
}

/** The AES key the server must be started with: generated once, kept next to the files it encrypts. */
function documentKey(): Buffer {
  if (!fs.existsSync(keyFile)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(keyFile, crypto.randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
}

/** `size` bytes that look like a PDF to a file sniffer, random after the header, produced 64 KiB at a time. */
function fakePdf(size: number): Readable {
  const header = Buffer.from('%PDF-1.4\n');
  return Readable.from(
    (function* () {
      yield header;
      for (let left = size - header.length; left > 0; left -= 64 * 1024) yield crypto.randomBytes(Math.min(64 * 1024, left));
    })(),
  );
}

async function seed(): Promise<void> {
  const mark = await databaseMark();
  if (mark !== 'missing') {
    if (!args.reseed && mark !== SEED_MARK) throw new Error(`${databaseName} exists but does not hold this benchmark's seed: run with --reseed to drop and rebuild it.`);
    // Our own seed whose files are gone (the data directory was deleted): rebuilt without asking.
    log(`dropping ${databaseName} and ${path.join(dataDir, 'uploads')}…`);
    await withClient(adminUrl, (c) => c.query(`drop database "${databaseName}" with (force)`));
  }
  fs.rmSync(path.join(dataDir, 'uploads'), { recursive: true, force: true });
  fs.rmSync(bundleIdFile, { force: true });
  await withClient(adminUrl, (c) => c.query(`create database "${databaseName}"`));
  const started = performance.now();

  // The app's own functions, on this database: they validate, snapshot and audit as in use.
  const { openPostgres, setDb, closeDb } = await import('@/db/client');
  const { migrateDatabase } = await import('@/db/migrate');
  const schema = await import('@/db/schema');
  const { hashPassword } = await import('@/lib/auth/passwords');
  const { LocalEncryptedStorage } = await import('@/lib/storage');
  const bundles = await import('@/lib/bundles/bundles');
  const { createUser } = await import('@/tests/factories/users');
  const { createCase } = await import('@/tests/factories/cases');
  const { db, close } = openPostgres(databaseUrl);
  setDb(db, close);
  await migrateDatabase(db, 'pg');
  log(`migrated ${databaseName} (${secondsSince(started)})`);

  // The organizer's two-factor secret is encrypted with the key the server is started with.
  process.env.DOCUMENT_KEY ??= documentKey().toString('base64');
  const organizer = await createUser('organizer', { email: ORGANIZER_EMAIL, name: 'Организатор Бенчмарка', passwordHash: await hashPassword(ORGANIZER_PASSWORD) });
  // Applicants never sign in here: one bcrypt hash serves them all.
  const people = peoplePool(CASES, 7);
  const applicantHash = await hashPassword(crypto.randomBytes(16).toString('hex'));
  const applicants = await db
    .insert(schema.users)
    .values(people.map((p, i) => ({ email: `applicant${String(i + 1).padStart(3, '0')}@bench.redress.kz`, name: p.name, role: 'applicant' as const, locale: 'ru' as const, passwordHash: applicantHash, emailVerifiedAt: new Date() })))
    .returning();

  // Cases spread over regions, courts, articles and grounds, so the petition's table is realistic.
  const random = prng(2026);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const judges = judgePool(100);
  const regions = Object.keys(courtsByRegion);
  const grounds = ['fabricated_evidence', 'coercion_torture', 'procedural_violations', 'ineffective_defense', 'new_evidence', 'disproportionate_sentence'] as const;
  const storage = new LocalEncryptedStorage(path.join(dataDir, 'uploads'), documentKey());
  const caseIds: string[] = [];
  let stored = 0;
  const t = performance.now();
  for (const [i, a] of applicants.entries()) {
    const region = pick(regions);
    const year = 2015 + Math.floor(random() * 9);
    const row = await createCase(
      { id: a.id, email: a.email, name: a.name, role: a.role, locale: a.locale, twoFactor: false },
      {
        status: 'accepted',
        reference: `RD-2025-${String(i + 1).padStart(5, '0')}`,
        regionCode: region,
        courtName: pick(courtsByRegion[region]!),
        caseNumber: `1-${100 + Math.floor(random() * 9900)}/${year}`,
        judgmentDate: `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
        judgeName: pick(judges),
        articles: [pick(articles), ...(random() < 0.4 ? [pick(articles)] : [])],
        sentenceMonths: 12 + Math.floor(random() * 180),
        grounds: [...new Set([pick(grounds), pick(grounds)])],
        narrative: Array.from({ length: 3 }, () => pick(narrativeSentences)).join(' '),
        consentShareWithProsecutors: true,
      },
    );
    caseIds.push(row.id);
    for (const [j, d] of DOCUMENTS.entries()) {
      const object = await storage.put(fakePdf(d.size));
      stored += object.sizeBytes;
      // Explicit, increasing times: the bundle lists a case's documents in upload order.
      await db.insert(schema.documents).values({
        caseId: row.id,
        kind: d.kind,
        originalName: d.name,
        contentType: 'application/pdf',
        sizeBytes: object.sizeBytes,
        sha256: object.sha256,
        storageKey: object.key,
        uploaderId: a.id,
        createdAt: new Date(Date.UTC(2025, 0, 1) + (i * DOCUMENTS.length + j) * 60_000),
      });
    }
    if ((i + 1) % 50 === 0) log(`  ${i + 1} cases, ${(stored / MiB).toFixed(0)} MiB stored (${secondsSince(t)})`);
  }

  const { id: bundleId } = await bundles.createBundle(db, organizer, { title: 'Бенчмарк: 200 дел, 1 ГБ документов', addressee: 'prosecutor_general', language: 'ru' });
  let version = 0;
  for (const caseId of caseIds) ({ version } = await bundles.addCaseToBundle(db, organizer, { bundleId, version, caseId }));
  // addCaseToBundle prefills each summary from the case; only a too short one needs a hand.
  const view = await bundles.loadBundle(organizer, bundleId, db);
  for (const c of view.cases) {
    if (c.summary.trim().length < 20) ({ version } = await bundles.updateCaseSummary(db, organizer, { bundleId, version, caseId: c.caseId, summary: `${c.summary} — краткое изложение дела.` }));
  }
  const coverLetter = bundles.coverLetterFromTemplate(view.bundle, view.cases.map((c) => c.row.grounds), new Date());
  ({ version } = await bundles.updateCoverLetter(db, organizer, { bundleId, version, coverLetter }));
  await bundles.finalizeBundle(db, organizer, { bundleId, version, isConfirmed: true });
  await closeDb();

  fs.writeFileSync(bundleIdFile, bundleId);
  await withClient(adminUrl, (c) => c.query(`comment on database "${databaseName}" is '${SEED_MARK}'`));
  log(`seeded in ${secondsSince(started)}: ${CASES} cases, ${(stored / MiB).toFixed(0)} MiB of documents, bundle ${bundleId}`);
}

// ---------------------------------------------------------------------------------------------
// Measuring

function startCommand(): string {
  const port = new URL(baseUrl).port || '80';
  return [
    `cd /tmp/bench-zip-app && \\`,
    `  DATABASE_URL=${databaseUrl} \\`,
    `  NEXTAUTH_URL=${baseUrl} \\`,
    `  NEXTAUTH_SECRET="$(head -c 48 /dev/urandom | base64 -w0)" \\`,
    `  DOCUMENT_KEY="$(cat ${keyFile})" \\`,
    `  REDRESS_DATA_DIR=${dataDir} NEXT_TELEMETRY_DISABLED=1 \\`,
    `  npx next start -p ${port} -H ${new URL(baseUrl).hostname} &`,
  ].join('\n');
}

type Health = { due: number; ms: number; ok: boolean };

/**
 * Requests /api/health every `everyMs` until stopped, at a fixed rate whatever the answers take
 * (open loop: a request is not held back by a slow previous one), latency from when it was due.
 */
function pingHealth(everyMs = 200): { stop: () => Promise<Health[]> } {
  const results: Health[] = [];
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  let n = 0;
  let timer: NodeJS.Timeout;
  const tick = () => {
    const due = start + n++ * everyMs;
    inflight.push(
      fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(30_000) })
        .then(async (r) => ({ ok: r.ok && (await r.json()).ok === true }))
        .catch(() => ({ ok: false }))
        .then(({ ok }) => void results.push({ due, ms: performance.now() - due, ok })),
    );
    timer = setTimeout(tick, Math.max(0, start + n * everyMs - performance.now()));
  };
  tick();
  return {
    stop: async () => {
      clearTimeout(timer);
      await Promise.all(inflight);
      return results;
    },
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
};
const maxOf = (values: number[]) => (values.length ? Math.max(...values) : NaN);

type Run = {
  status: number;
  /** null when the response has no Content-Length (chunked). */
  contentLength: number | null;
  received: number;
  headersMs: number;
  firstByteMs: number;
  totalMs: number;
  sha256: string;
  recorded: { sha256: string; sizeBytes: number } | null;
  zipEntries: number | null;
  before: number;
  beforeAnon: number;
  peakRendering: number;
  peakStreaming: number;
  peakAnon: number;
  after: number;
  /** CPU of the server during the run, and of everything but the server and this process, in % of one core. */
  serverCpu: number;
  otherCpu: number;
  health: { rendering: Health[]; streaming: Health[] };
};

/** The latest ZIP export the server recorded for the bundle since `since` (it writes the row after the last byte, so wait a little). */
async function recordedExport(bundleId: string, since: Date): Promise<Run['recorded']> {
  return withClient(databaseUrl, async (c) => {
    for (let i = 0; i < 50; i++) {
      const { rows } = await c.query<{ sha256: string; size_bytes: string }>(
        `select sha256, size_bytes from bundle_exports where bundle_id = $1 and format = 'zip' and created_at >= $2 order by created_at desc limit 1`,
        [bundleId, since],
      );
      if (rows[0]) return { sha256: rows[0].sha256, sizeBytes: Number(rows[0].size_bytes) };
      await sleep(100);
    }
    return null;
  });
}

/** The entry count of the ZIP's end-of-central-directory record (the last 22 bytes, no comment), or null if it is not there. */
function zipEntries(tail: Buffer): number | null {
  const end = tail.subarray(tail.length - 22);
  return end.length === 22 && end.readUInt32LE(0) === 0x06054b50 ? end.readUInt16LE(10) : null;
}

async function download(pid: number, cookie: string, bundleId: string): Promise<Run> {
  const before = rssOf(pid)!;
  const since = new Date(Date.now() - 1000);
  const rss = sampleRss(pid, 100);
  const health = pingHealth(200);
  // A busy neighbour on a 2-core machine slows the download: its CPU is reported with the run.
  const [machine0, server0, self0] = [machineTicks(), cpuOf(pid), process.cpuUsage()];
  const t0 = performance.now();
  const response = await fetch(`${baseUrl}/api/bundles/${bundleId}/exports/zip?locale=ru`, { headers: { cookie }, redirect: 'manual' });
  const tHeaders = performance.now();
  const lengthHeader = response.headers.get('content-length');
  const contentLength = lengthHeader === null ? null : Number(lengthHeader);
  if (response.status !== 200 || response.headers.get('content-type') !== 'application/zip') {
    await rss.stop();
    await health.stop();
    throw new Error(`Export answered HTTP ${response.status} (${response.headers.get('content-type')}, location ${response.headers.get('location')}): ${(await response.text()).slice(0, 300)}`);
  }
  // Read and drop: only the count, the hash and the last bytes (the ZIP's directory end) are kept.
  const hash = crypto.createHash('sha256');
  let received = 0;
  let tFirst = NaN;
  let [previous, last]: Uint8Array[] = [new Uint8Array(0), new Uint8Array(0)];
  const bytesPerMs = Number(args.throttle) * 1000;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    if (!received) tFirst = performance.now();
    hash.update(chunk);
    received += chunk.length;
    [previous, last] = [last, chunk];
    // Throttled: wait until this many bytes are due at the given rate (fetch stops reading the socket meanwhile).
    if (bytesPerMs) {
      const ahead = tFirst + received / bytesPerMs - performance.now();
      if (ahead > 1) await sleep(ahead);
    }
  }
  const tEnd = performance.now();
  const [machine1, server1, self1] = [machineTicks(), cpuOf(pid), process.cpuUsage(self0)];
  const serverMs = server1 - server0;
  const otherMs = (machine1.busy - machine0.busy) * 10 - serverMs - (self1.user + self1.system) / 1000;
  const samples: RssSample[] = rss.stop();
  const pings = await health.stop();
  // RSS once the server is idle again (what it keeps), after two seconds.
  await sleep(2000);
  const after = rssOf(pid)!;
  const peak = (list: RssSample[]) => maxOf(list.map((s) => s.rss));
  return {
    status: response.status,
    contentLength,
    received,
    headersMs: tHeaders - t0,
    firstByteMs: tFirst - t0,
    totalMs: tEnd - t0,
    sha256: hash.digest('hex'),
    recorded: await recordedExport(bundleId, since),
    zipEntries: zipEntries(Buffer.concat([previous!, last!])),
    before: before.rss,
    beforeAnon: before.anon,
    peakRendering: peak(samples.filter((s) => s.at <= tHeaders)),
    peakStreaming: peak(samples.filter((s) => s.at > tHeaders)),
    peakAnon: maxOf(samples.map((s) => s.anon)),
    after: after.rss,
    serverCpu: (serverMs / (tEnd - t0)) * 100,
    otherCpu: Math.max(0, (otherMs / (tEnd - t0)) * 100),
    health: { rendering: pings.filter((h) => h.due <= tHeaders), streaming: pings.filter((h) => h.due > tHeaders) },
  };
}

/**
 * Waits until the rest of the machine (all but the server) used under 20% of one core for a
 * whole second, or `seconds` have passed: other work on a 2-core machine stretches every timing.
 */
async function waitForQuiet(pid: number, seconds: number): Promise<void> {
  const until = performance.now() + seconds * 1000;
  for (;;) {
    const [m0, s0] = [machineTicks(), cpuOf(pid)];
    await sleep(1000);
    const other = ((machineTicks().busy - m0.busy) * 10 - (cpuOf(pid) - s0)) / 10;
    if (other < 20) return;
    if (performance.now() > until) return log(`the machine is still busy (${other.toFixed(0)}% of a core besides the server): measuring anyway`);
  }
}

async function measure(): Promise<void> {
  const bundleId = fs.readFileSync(bundleIdFile, 'utf8').trim();
  const port = Number(new URL(baseUrl).port || 80);
  const up = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
  const pid = listeningPid(port);
  if (!up || !pid) {
    log(`no server at ${baseUrl}: build it as bench/README.md says, then start it with\n\n${startCommand()}\n`);
    process.exit(1);
  }
  const { TEST_TOTP_SECRET: organizerTotpSecret } = await import('@/tests/factories/users');
  const cookie = await signInCookie(baseUrl, ORGANIZER_EMAIL, ORGANIZER_PASSWORD, organizerTotpSecret);
  log(`server pid ${pid}, bundle ${bundleId}, ${args.runs} runs${Number(args.throttle) ? `, reading at most ${args.throttle} MB/s` : ''}`);
  const runs: Run[] = [];
  const startRss = rssOf(pid)!.rss;
  for (let i = 0; i < Number(args.runs); i++) {
    if (i) await sleep(3000);
    await waitForQuiet(pid, Number(args['wait-quiet']));
    const run = await download(pid, cookie, bundleId);
    log(`run ${i + 1}: ${(run.received / 1e6).toFixed(0)} MB in ${(run.totalMs / 1000).toFixed(1)} s, RSS ${run.before.toFixed(0)} → peak ${Math.max(run.peakRendering, run.peakStreaming).toFixed(0)} MB`);
    runs.push(run);
  }

  const mb = (n: number) => n.toFixed(0);
  const s = (ms: number) => (ms / 1000).toFixed(2);
  console.log(
    `\nZIP export of bundle ${bundleId} (${CASES} cases, ${CASES * DOCUMENTS.length} documents) from ${baseUrl}, server pid ${pid}${Number(args.throttle) ? `, client reading at most ${args.throttle} MB/s` : ''}; RSS in MB (2^20 bytes), throughput in MB/s (10^6 bytes) from the first body byte to the last.\n`,
  );
  console.log('| run | HTTP | Content-Length | bytes received | SHA-256 = recorded | ZIP entries | headers s | first byte s | total s | MB/s | RSS before | peak while rendering | peak while streaming | peak growth | RssAnon before → peak | after (2 s) | server CPU % | other CPU % | target < 150 MB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [i, r] of runs.entries()) {
    const growth = Math.max(r.peakRendering, r.peakStreaming) - r.before;
    const same = r.recorded ? (r.recorded.sha256 === r.sha256 && r.recorded.sizeBytes === r.received ? 'yes' : '**no**') : '**no row**';
    const throughput = r.received / 1e6 / ((r.totalMs - r.firstByteMs) / 1000);
    console.log(
      `| ${i + 1} | ${r.status} | ${r.contentLength ?? '**none**'} | ${r.received}${r.contentLength === null || r.received === r.contentLength ? '' : ' **≠**'} | ${same} | ${r.zipEntries ?? '**none**'} | ${s(r.headersMs)} | ${s(r.firstByteMs)} | ${s(r.totalMs)} | ${throughput.toFixed(0)} | ${mb(r.before)} | ${mb(r.peakRendering)} | ${mb(r.peakStreaming)} | ${mb(growth)} | ${mb(r.beforeAnon)} → ${mb(r.peakAnon)} | ${mb(r.after)} | ${r.serverCpu.toFixed(0)} | ${r.otherCpu.toFixed(0)} | ${growth < MAX_GROWTH_MB ? 'pass' : '**fail**'} |`,
    );
  }
  console.log(`\nServer RSS before the first run ${mb(startRss)} MB; highest over all runs ${mb(maxOf(runs.map((r) => Math.max(r.peakRendering, r.peakStreaming))))} MB (growth ${mb(maxOf(runs.map((r) => Math.max(r.peakRendering, r.peakStreaming))) - startRss)} MB).`);
  console.log('\n/api/health every 200 ms during each export (latency from when the request was due):\n');
  console.log('| run | phase | requests | failed | p50 ms | p95 ms | max ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [i, r] of runs.entries()) {
    for (const [phase, list] of [['rendering (before headers)', r.health.rendering], ['streaming the body', r.health.streaming]] as const) {
      const ms = list.map((h) => h.ms);
      console.log(`| ${i + 1} | ${phase} | ${list.length} | ${list.filter((h) => !h.ok).length} | ${percentile(ms, 50).toFixed(0)} | ${percentile(ms, 95).toFixed(0)} | ${maxOf(ms).toFixed(0)} |`);
    }
  }
  if (runs.some((r) => r.contentLength === null)) {
    console.log('\nNo Content-Length reached the client (Transfer-Encoding: chunked): the browser cannot show how much is left.');
  }
  const failed = runs.some((r) => (r.contentLength !== null && r.received !== r.contentLength) || r.recorded?.sha256 !== r.sha256 || r.recorded?.sizeBytes !== r.received);
  if (failed) process.exitCode = 1;
}

async function main(): Promise<void> {
  if (args.reseed || !(await isSeeded())) await seed();
  else log(`${databaseName} and ${dataDir} already seeded; --reseed rebuilds them.`);
  if (args['seed-only']) {
    log(`start the server with\n\n${startCommand()}\n`);
    return;
  }
  await measure();
}

await main();
