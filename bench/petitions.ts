/**
 * Petition signing under a national-scale spike, against a RUNNING `next start` on PostgreSQL
 * (bench/README.md shows how to start it; the limits it needs are set there), from this second
 * process, at fixed arrival rates (open loop: latency counts from when a request was due).
 *
 * 1. Creates an open petition in the bench database (created and migrated if missing).
 * 2. Ceilings, closed loop (N connections, as fast as the server answers): the trivial route
 *    `/api/ping` (`Response.json({ ok: true })`) and the count endpoint, each alone.
 * 3. Sustained: sign at --rate/s and confirm at --rate/s for --seconds, while the count endpoint
 *    is fetched at --count-rate/s (people watching the count). Confirmation links are read from
 *    the mailbox table (the app keeps mail there when no SMTP_URL is set) as they arrive.
 * 4. The count endpoint's ceiling again, closed loop, with signing and confirming at --rate/s
 *    beside it, and the trivial route's likewise, for the ratio under load.
 * 5. A burst of signing at --burst-factor × --rate for --burst-seconds: only 2xx or 429 (with
 *    Retry-After) may come back.
 * 6. Checks: stored signatures = 2xx sign answers; confirmed signatures = 2xx confirm answers =
 *    distinct confirmed e-mails; after the counter's flush, the public count = that number.
 *
 * Usage: npx tsx bench/petitions.ts [--rate=300] [--seconds=60] [--count-rate=100] [--connections=32]
 *          [--ceiling-seconds=10] [--burst-factor=4] [--burst-seconds=10] [--skip=ceilings,load,burst]
 * Env:   BENCH_URL (default http://127.0.0.1:3212)
 *        BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/redress_bench_petitions)
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { LoadResult } from './lib/load';
import { percentile, runSchedule, steady } from './lib/schedule';
import { withClient } from './lib/app';
import { cpuByName, cpuOf, cpuSpent, listeningPid } from './lib/cpu';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '60' },
    'count-rate': { type: 'string', default: '100' },
    connections: { type: 'string', default: '32' },
    'ceiling-seconds': { type: 'string', default: '10' },
    'burst-factor': { type: 'string', default: '4' },
    'burst-seconds': { type: 'string', default: '10' },
    skip: { type: 'string', default: '' },
  },
});
const rate = Number(args.rate);
const seconds = Number(args.seconds);
const countRate = Number(args['count-rate']);
const connections = Number(args.connections);
const ceilingSeconds = Number(args['ceiling-seconds']);
const burstRate = rate * Number(args['burst-factor']);
const burstSeconds = Number(args['burst-seconds']);
const skip = new Set(args.skip.split(',').filter(Boolean));

const baseUrl = process.env.BENCH_URL ?? 'http://127.0.0.1:3212';
const dbUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/redress_bench_petitions';
const run = crypto.randomBytes(3).toString('hex');
const slug = `bench-${run}`;
const emailOf = (i: number) => `bench-${run}-${i}@example.kz`;
const REGIONS = ['almaty_city', 'astana', 'shymkent', 'karaganda', 'turkistan', 'abai', 'mangystau', 'atyrau'];

async function ensureDatabase(): Promise<void> {
  const url = new URL(dbUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  await withClient(url.toString(), async (c) => {
    const exists = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await c.query(`create database "${name}"`);
  });
  const { openPostgres } = await import('@/db/client');
  const { migrateDatabase } = await import('@/db/migrate');
  const opened = openPostgres(dbUrl);
  await migrateDatabase(opened.db, 'pg');
  await opened.close();
}

async function createPetition(): Promise<string> {
  return withClient(dbUrl, async (c) => {
    const body = 'Просим создать специальную комиссию по пересмотру спорных судебных решений. '.repeat(4);
    const r = await c.query(
      `insert into petitions (slug, status, title_kk, title_ru, title_en, body_kk, body_ru, body_en, addressee, signature_goal, opens_at)
       values ($1, 'open', 'Арнайы комиссия', 'Специальная комиссия', 'Special commission', $2, $2, $2, 'Президенту Республики Казахстан', 1000000, now() - interval '1 day')
       returning id`,
      [slug, body],
    );
    return r.rows[0].id as string;
  });
}

type Closed = { label: string; connections: number; seconds: number; completed: number; ok: number; throughput: number; p50: number; p95: number; p99: number; statuses: Record<string, number> };

/** Closed loop: `n` connections, each sending its next request as soon as the last one answered. */
async function closedLoop(label: string, url: string, n: number, durationSeconds: number): Promise<Closed> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const start = performance.now();
  const end = start + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        let status = 'error';
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
          await response.arrayBuffer();
          status = String(response.status);
        } catch {
          status = 'error';
        }
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const ok = statuses['200'] ?? 0;
  return { label, connections: n, seconds: durationSeconds, completed: latencies.length, ok, throughput: Math.round(ok / elapsed), p50: Math.round(percentile(sorted, 50)), p95: Math.round(percentile(sorted, 95)), p99: Math.round(percentile(sorted, 99)), statuses };
}

let signed = 0;
const signOk = new Set<number>();
const retryAfterMissing = { count: 0 };

function signRequest(i: number) {
  return {
    url: `${baseUrl}/api/petitions/${slug}/signatures?locale=${['kk', 'ru', 'en'][i % 3]}`,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Подписант ${i}`, email: emailOf(i), regionCode: REGIONS[i % REGIONS.length], isPublic: i % 2 === 0 }),
    } satisfies RequestInit,
  };
}

/** Signing at `perSecond` for `durationSeconds`; records which e-mails were answered 2xx. */
async function signAt(perSecond: number, durationSeconds: number): Promise<LoadResult> {
  const first = signed;
  signed += Math.round(perSecond * durationSeconds);
  return runSchedule({
    rate: perSecond,
    dueTimes: steady(perSecond, durationSeconds),
    request: (k) => signRequest(first + k),
    timeoutMs: 10_000,
    onResponse: (k, response) => {
      if (response.ok) signOk.add(first + k);
      if (response.status === 429 && !response.headers.get('retry-after')) retryAfterMissing.count++;
    },
  });
}

/** Confirmation tokens as the mails arrive, read from the mailbox table every 200 ms. */
function tokenFeed(): { next: () => Promise<string>; stop: () => Promise<void>; pending: () => number } {
  const queue: string[] = [];
  const waiters: ((t: string) => void)[] = [];
  let lastId = 0;
  let stopped = false;
  const client = new pg.Client({ connectionString: dbUrl });
  const ready = client.connect();
  const loop = (async () => {
    await ready;
    while (!stopped) {
      const r = await client.query<{ id: string; text: string }>(
        `select id, text from mailbox_messages where id > $1 and "to" like $2 order by id limit 20000`,
        [lastId, `bench-${run}-%`],
      );
      for (const row of r.rows) {
        lastId = Math.max(lastId, Number(row.id));
        const token = /confirm\?token=([A-Za-z0-9_-]{43})/.exec(row.text)?.[1];
        if (!token) continue;
        const waiter = waiters.shift();
        if (waiter) waiter(token);
        else queue.push(token);
      }
      await new Promise((r2) => setTimeout(r2, 200));
    }
  })();
  return {
    /** The next token; rejects after 10 s without one (signing failing), so the run still ends. */
    next: () => {
      const token = queue.shift();
      if (token) return Promise.resolve(token);
      return new Promise((resolve, reject) => {
        const waiter = (t: string) => {
          clearTimeout(timer);
          resolve(t);
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error('no confirmation mail within 10 s'));
        }, 10_000);
        waiters.push(waiter);
      });
    },
    pending: () => queue.length,
    stop: async () => {
      stopped = true;
      await loop;
      await client.end();
    },
  };
}

let confirmOk = 0;
/** The tokens of confirmations answered 2xx, to check that each of them is confirmed in the database. */
const confirmedTokens: string[] = [];

async function confirmAt(perSecond: number, durationSeconds: number, feed: ReturnType<typeof tokenFeed>): Promise<LoadResult> {
  const tokens = new Map<number, string>();
  return runSchedule({
    rate: perSecond,
    dueTimes: steady(perSecond, durationSeconds),
    request: () => ({ url: `${baseUrl}/api/petitions/confirmations`, init: { method: 'POST', headers: { 'content-type': 'application/json' } } }),
    // The body is the next token from the mailbox, waited for if none has arrived yet (the wait counts as latency).
    prepare: async (arrival, k) => {
      const token = await feed.next();
      tokens.set(k, token);
      return { ...arrival, init: { ...arrival.init, body: JSON.stringify({ token }) } };
    },
    timeoutMs: 10_000,
    onResponse: (k, response) => {
      if (!response.ok) return;
      confirmOk++;
      confirmedTokens.push(tokens.get(k)!);
    },
  });
}

function countAt(perSecond: number, durationSeconds: number): Promise<LoadResult> {
  return runSchedule({ rate: perSecond, dueTimes: steady(perSecond, durationSeconds), request: () => ({ url: `${baseUrl}/api/petitions/${slug}/count` }), timeoutMs: 10_000 });
}

const row = (label: string, r: LoadResult, trivial: number) =>
  `| ${label} | ${r.rate} | ${r.sent} | ${r.achievedRate} | ${(r.achievedRate / trivial).toFixed(2)} | ${JSON.stringify(r.statuses).replace(/"/g, '')} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.late} |`;
const closedRow = (c: Closed, trivial: number) =>
  `| ${c.label} | ${c.connections} | ${c.completed} | ${c.throughput} | ${(c.throughput / trivial).toFixed(2)} | ${JSON.stringify(c.statuses).replace(/"/g, '')} | ${c.p50} | ${c.p95} | ${c.p99} |`;

async function main() {
  await ensureDatabase();
  const petitionId = await createPetition();
  console.log(`Petition ${slug} (${petitionId}) at ${baseUrl}; sign ${rate}/s + confirm ${rate}/s for ${seconds} s, count ${countRate}/s.`);
  const closedRows: Closed[] = [];
  let trivial = NaN;

  if (!skip.has('ceilings')) {
    const ping = await closedLoop('trivial route, alone', `${baseUrl}/api/ping`, connections, ceilingSeconds);
    trivial = ping.throughput;
    closedRows.push(ping, await closedLoop('count endpoint, alone', `${baseUrl}/api/petitions/${slug}/count`, connections, ceilingSeconds));
    console.log(`Trivial route ceiling: ${trivial} req/s.`);
  }
  const ratioBase = Number.isFinite(trivial) ? trivial : 1;

  const loadRows: string[] = [];
  let cpuLine = '';
  if (!skip.has('load')) {
    const feed = tokenFeed();
    // Warm-up (counted in the checks, not in the table): the first requests of each route load its code.
    await Promise.all([signAt(20, 4), new Promise<void>((resolve) => setTimeout(() => void confirmAt(20, 2, feed).then(() => resolve()), 1500)), countAt(20, 4)]);
    const appPid = listeningPid(new URL(baseUrl).port ? Number(new URL(baseUrl).port) : 80);
    const appBefore = appPid ? cpuOf(appPid) : NaN;
    const pgBefore = cpuByName('postgres');
    const selfBefore = process.cpuUsage();
    const [signs, confirms, counts] = await Promise.all([
      signAt(rate, seconds + 2),
      // Confirmations start 2 s later, when the first links have arrived.
      new Promise<LoadResult>((resolve) => setTimeout(() => resolve(confirmAt(rate, seconds, feed)), 2000)),
      countAt(countRate, seconds),
    ]);
    const requests = signs.sent + confirms.sent + counts.sent;
    const appMs = appPid ? cpuOf(appPid) - appBefore : NaN;
    const pgMs = cpuSpent(pgBefore, cpuByName('postgres'));
    const self = process.cpuUsage(selfBefore);
    const wall = seconds + 2;
    cpuLine = `CPU during the sustained run (${wall} s, ${requests} requests): app ${(appMs / 1000).toFixed(1)} s (${(appMs / requests).toFixed(2)} ms/request, ${((appMs / 1000 / wall) * 100).toFixed(0)}% of a core), PostgreSQL ${(pgMs / 1000).toFixed(1)} s (${(pgMs / requests).toFixed(2)} ms/request), load generator ${((self.user + self.system) / 1e6).toFixed(1)} s.`;
    loadRows.push(row('sign', signs, ratioBase), row('confirm', confirms, ratioBase), row('count endpoint (watchers)', counts, ratioBase));
    const together = signs.achievedRate + confirms.achievedRate;
    loadRows.push(`| sign + confirm together | ${rate * 2} | ${signs.sent + confirms.sent} | ${together.toFixed(1)} | ${(together / ratioBase).toFixed(2)} | | | | | | |`);

    if (!skip.has('ceilings')) {
      // The ceilings again with signing and confirming beside them.
      const beside = async (label: string, url: string) => {
        const [c] = await Promise.all([closedLoop(label, url, connections, ceilingSeconds), signAt(rate, ceilingSeconds), confirmAt(rate, ceilingSeconds, feed)]);
        return c;
      };
      const pingUnder = await beside('trivial route, while signing', `${baseUrl}/api/ping`);
      const countUnder = await beside('count endpoint, while signing', `${baseUrl}/api/petitions/${slug}/count`);
      closedRows.push(pingUnder, countUnder);
      console.log(`Under signing: count ${countUnder.throughput} req/s vs trivial ${pingUnder.throughput} req/s (${(countUnder.throughput / pingUnder.throughput).toFixed(2)}).`);
    }
    await feed.stop();
  }

  if (!skip.has('burst')) {
    const burst = await signAt(burstRate, burstSeconds);
    loadRows.push(row(`sign burst (${burstRate}/s)`, burst, ratioBase));
  }

  // Let the counter fold the last confirmations in (it runs every 2 s), then check every number.
  await new Promise((r) => setTimeout(r, 5000));
  const check = await withClient(dbUrl, async (c) => {
    const r = await c.query(
      `select count(*)::int as stored, count(confirmed_at)::int as confirmed, count(distinct email) filter (where confirmed_at is not null)::int as distinct_confirmed,
              count(*) filter (where email = any($2))::int as answered_stored,
              count(*) filter (where token_hash = any($3) and confirmed_at is not null)::int as answered_confirmed,
              (select confirmed_count from petitions where id = $1) as public_count
       from signatures where petition_id = $1`,
      [petitionId, [...signOk].map(emailOf), confirmedTokens.map((t) => crypto.createHash('sha256').update(t).digest('hex'))],
    );
    return r.rows[0] as { stored: number; confirmed: number; distinct_confirmed: number; answered_stored: number; answered_confirmed: number; public_count: number };
  });
  const publicCount = (await (await fetch(`${baseUrl}/api/petitions/${slug}/count`)).json()) as { count: number };

  console.log('\n| ceiling (closed loop) | connections | requests | 2xx/s | × trivial | statuses | p50 ms | p95 ms | p99 ms |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const c of closedRows) console.log(closedRow(c, ratioBase));
  console.log('\n| open loop | rate/s | sent | achieved/s | × trivial | statuses | p50 ms | p95 ms | p99 ms | max ms | late |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of loadRows) console.log(r);
  if (cpuLine) console.log(`\n${cpuLine}`);
  console.log(`429 answers without Retry-After: ${retryAfterMissing.count}`);
  console.log(`Signing: ${signOk.size} answered 2xx, of which stored ${check.answered_stored} -> ${check.answered_stored === signOk.size ? 'NONE LOST' : 'LOST'}; stored in all ${check.stored} -> ${check.stored === signOk.size ? 'EQUAL' : 'MISMATCH (requests the client gave up on, or cut off by a crash, can still have been saved)'}`);
  console.log(`Confirming: ${confirmOk} answered 2xx, of which confirmed in the database ${check.answered_confirmed} -> ${check.answered_confirmed === confirmOk ? 'NONE LOST' : 'LOST'}`);
  console.log(`Confirmed in all: ${check.confirmed} (2xx ${confirmOk}), distinct confirmed e-mails ${check.distinct_confirmed} -> ${check.confirmed === confirmOk && check.distinct_confirmed === confirmOk ? 'EQUAL' : 'MISMATCH'}`);
  console.log(`Public count: stored counter ${check.public_count}, count endpoint ${publicCount.count} (may lag 1 s) -> ${check.public_count === check.distinct_confirmed ? 'EQUAL' : 'MISMATCH'}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
