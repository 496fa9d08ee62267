/**
 * The reviewers' queue (/ru/review) at 100,000 cases and 1,000,000 case events on PostgreSQL.
 *
 * 1. Seeds its own database (default redress_bench) in SQL with generate_series, once: it is
 *    skipped when the database already holds this seed (`--reseed` drops and rebuilds it).
 * 2. Against a RUNNING `next start` on that database (see bench/README.md; it is not started
 *    here): signs in 20 reviewers, counts the SQL statements of one page load, then drives each
 *    filter/sort combination at a fixed arrival rate (open loop), rotating over the 20 reviewers,
 *    optionally followed by bursts of 20 simultaneous loads, and prints p50/p95/p99 per filter
 *    with the app's and PostgreSQL's CPU per load as a markdown table.
 * 3. Runs listReviewQueue itself against the database for every filter, capturing its SQL
 *    through drizzle's logger: times each of its two statements and prints the EXPLAIN ANALYZE
 *    plans of the slowest filter (`--plans=file` writes all of them).
 *
 * Usage: npx tsx bench/queue.ts [--reseed] [--seed-only] [--rate=10] [--seconds=12] [--bursts=0] [--burst-gap=3000]
 *          [--only=name,name] [--skip-load] [--skip-explain] [--statement-loads=50]
 *          [--wait-quiet=300] [--max-other=20] [--retries=3] [--plans=file]
 * Env:   BENCH_URL (default http://127.0.0.1:3210)
 *        BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/redress_bench)
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '@/db/schema';
import { openPostgres } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { hashPassword } from '@/lib/auth/passwords';
import type { CurrentUser } from '@/lib/authz';
import { parseQueueFilter } from '@/lib/validation/review';
import { regionCodes } from '@/lib/reference/data';
import { signInCookie, type LoadResult } from './lib/load';
import { cpuByName, cpuOf, cpuSpent, listeningPid, loadAverage, machineTicks } from './lib/cpu';
import { bursts, runSchedule, steady } from './lib/schedule';
import {
  articles,
  benchTags,
  courtsByRegion,
  groundWeights,
  judgePool,
  kindWeights,
  narrativeSentences,
  peoplePool,
  regionWeights,
  reviewerNames,
  slots,
  statusWeights,
} from './lib/queue-data';
import { allowServerOnlyImports, withClient } from './lib/app';

const { values: args } = parseArgs({
  options: {
    reseed: { type: 'boolean', default: false },
    'seed-only': { type: 'boolean', default: false },
    'skip-load': { type: 'boolean', default: false },
    'skip-explain': { type: 'boolean', default: false },
    rate: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '12' },
    /** Also fire this many bursts of 20 simultaneous loads (one per reviewer) per filter… */
    bursts: { type: 'string', default: '0' },
    /** …this many ms apart (long enough for the server to drain one before the next). */
    'burst-gap': { type: 'string', default: '3000' },
    only: { type: 'string' },
    'statement-loads': { type: 'string', default: '50' },
    /** Wait up to this many seconds for the machine to be quiet before the load runs. */
    'wait-quiet': { type: 'string', default: '300' },
    /** Re-run a filter when other processes used more than this % of one core during it… */
    'max-other': { type: 'string', default: '20' },
    /** …up to this many times, keeping the cleanest run. */
    retries: { type: 'string', default: '3' },
    /** Write every filter's EXPLAIN ANALYZE plans to this file. */
    plans: { type: 'string' },
  },
});

const baseUrl = (process.env.BENCH_URL ?? 'http://127.0.0.1:3210').replace(/\/$/, '');
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/redress_bench';
const databaseName = new URL(databaseUrl).pathname.slice(1);
const adminUrl = Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString();

const CASES = 100_000;
const EVENTS = 1_000_000;
const APPLICANTS = 200;
const REVIEWERS = reviewerNames.length;
/** Known password of the benchmark reviewers (reviewer01…reviewer20@bench.redress.kz). */
const REVIEWER_PASSWORD = 'bench-queue-reviewer';
const SEED_MARK = `redress queue bench v1: ${CASES} cases, ${EVENTS} events`;
/**
 * Staff sign in with two-factor (issue 7): the bench reviewers get the tests' TOTP secret, stored
 * encrypted with the server's DOCUMENT_KEY, which this process must share (bench/README.md).
 * Done on every run, so an older seed works and the last-used code step starts afresh.
 */
async function enrollReviewers(): Promise<string> {
  if (!process.env.DOCUMENT_KEY) {
    console.error('Set DOCUMENT_KEY to the key the app server was started with (bench/README.md).');
    process.exit(1);
  }
  const { encryptTotpSecret } = await import('@/lib/auth/totp');
  const { TEST_TOTP_SECRET } = await import('@/tests/factories/users');
  await withClient(databaseUrl, (c) =>
    c.query(`update users set totp_secret = $1, totp_enabled_at = now(), totp_last_step = null where role = 'reviewer' and email like '%@bench.redress.kz'`, [
      encryptTotpSecret(TEST_TOTP_SECRET),
    ]),
  );
  return TEST_TOTP_SECRET;
}

const reviewerEmail = (i: number) => `reviewer${String(i + 1).padStart(2, '0')}@bench.redress.kz`;

const log = (message: string) => console.error(`[queue bench] ${message}`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// Seeding

async function databaseState(): Promise<'missing' | 'seeded' | 'other'> {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ mark: string | null }>(
      `select shobj_description(oid, 'pg_database') as mark from pg_database where datname = $1`,
      [databaseName],
    );
    if (!rows.length) return 'missing';
    return rows[0]!.mark === SEED_MARK ? 'seeded' : 'other';
  });
}

async function ensureSeeded(reseed: boolean): Promise<void> {
  let state = await databaseState();
  if (state === 'seeded' && !reseed) {
    const counts = await withClient(databaseUrl, async (c) => (await c.query<{ cases: number; events: number }>(
      `select (select count(*)::int from cases) as cases, (select count(*)::int from case_events) as events`,
    )).rows[0]!);
    if (counts.cases === CASES && counts.events === EVENTS) {
      log(`${databaseName} already seeded (${counts.cases} cases, ${counts.events} events); --reseed rebuilds it.`);
      // Migrations added since the seed still apply (a no-op when there are none).
      const { db, close } = openPostgres(databaseUrl);
      await migrateDatabase(db, 'pg');
      await close();
      return;
    }
    state = 'other';
  }
  if (state !== 'missing') {
    if (!reseed) throw new Error(`${databaseName} exists but does not hold this benchmark's seed: run with --reseed to drop and rebuild it.`);
    log(`dropping ${databaseName}…`);
    await withClient(adminUrl, (c) => c.query(`drop database "${databaseName}" with (force)`));
  }
  await withClient(adminUrl, (c) => c.query(`create database "${databaseName}"`));
  const started = performance.now();
  const { db, close } = openPostgres(databaseUrl);
  await migrateDatabase(db, 'pg');
  await close();
  log(`migrated ${databaseName} (${seconds(started)})`);
  await withClient(databaseUrl, seed);
  await withClient(adminUrl, (c) => c.query(`comment on database "${databaseName}" is '${SEED_MARK}'`));
  log(`seeded in ${seconds(started)}`);
}

/** Everything in one transaction: a failed seed leaves an empty database, never half of one. */
async function seed(client: pg.Client): Promise<void> {
  const step = async (label: string, text: string, params: unknown[] = []) => {
    const t = performance.now();
    const result = await client.query(text, params);
    log(`  ${label}: ${result.rowCount ?? 0} rows (${seconds(t)})`);
  };
  for (const code of regionCodes) {
    if (!courtsByRegion[code] || !regionWeights[code]) throw new Error(`bench/lib/queue-data.ts lacks region ${code}`);
  }
  const people = peoplePool(15_000);
  const judges = judgePool(600);
  const passwordHash = await hashPassword(REVIEWER_PASSWORD);

  await client.query('begin');
  await client.query(`set local synchronous_commit = off`);
  await client.query(`set local work_mem = '256MB'`);
  await client.query(`set local maintenance_work_mem = '512MB'`);
  // A larger GIN pending list: the trigram index is filled in bulk instead of row by row.
  await client.query(`set local gin_pending_list_limit = '64MB'`);
  // Deterministic random(): the same seed gives the same data.
  await client.query(`select setseed(0.2026)`);

  await step(
    'people',
    `create temp table bench_people on commit drop as
       select i::int, name, key from unnest($1::text[], $2::text[]) with ordinality as t(name, key, i)`,
    [people.map((p) => p.name), people.map((p) => p.key)],
  );
  await client.query(`alter table bench_people add primary key (i)`);
  // Applicants are the first people of the pool; reviewers have their own names. One bcrypt
  // hash for everybody (only reviewers sign in).
  await step(
    'applicants',
    `insert into users (email, name, password_hash, role, locale, email_verified_at, created_at)
       select 'applicant' || lpad(i::text, 3, '0') || '@bench.redress.kz', name, $1, 'applicant',
              (case when i % 4 = 0 then 'kk' else 'ru' end)::locale, now() - interval '800 days', now() - interval '800 days'
       from bench_people where i <= $2`,
    [passwordHash, APPLICANTS],
  );
  await step(
    'reviewers',
    `insert into users (email, name, password_hash, role, locale, email_verified_at)
       select 'reviewer' || lpad(i::text, 2, '0') || '@bench.redress.kz', name, $1, 'reviewer', 'ru', now()
       from unnest($2::text[]) with ordinality as t(name, i)`,
    [passwordHash, reviewerNames],
  );
  await step(
    'tags',
    `insert into tags (slug, name_ru, name_kk, name_en)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [benchTags.map((t) => t.slug), benchTags.map((t) => t.ru), benchTags.map((t) => t.kk), benchTags.map((t) => t.en)],
  );

  // One row of uniform random numbers per case (materialized once: the CTE is volatile),
  // then every column derived from them.
  await step(
    'generate cases',
    `create temp table bench_cases on commit drop as
     with r as (
       select g, random() r_status, random() r_region, random() r_court, random() r_kind, random() r_g1, random() r_g2,
              random() r_g3, random() r_g2on, random() r_g3on, random() r_scored, random() r_sa, random() r_sb, random() r_sc,
              random() r_assign, random() r_reviewer, random() r_wait, random() r_judg, random() r_judg_null, random() r_person,
              random() r_judge, random() r_app, random() r_reply, random() r_num, random() r_self, random() r_misc,
              random() r_n1, random() r_n2, random() r_n3, random() r_n4
       from generate_series(1, $1::int) g
     ), a as (
       select r.*,
         ($2::text[])[1 + floor(r_status * array_length($2::text[], 1))::int] as status,
         ($3::text[])[1 + floor(r_region * array_length($3::text[], 1))::int] as region,
         ($4::text[])[1 + floor(r_kind * array_length($4::text[], 1))::int] as kind,
         ($9::uuid[])[1 + floor(r_app * array_length($9::uuid[], 1))::int] as applicant_id,
         1 + floor(r_app * array_length($9::uuid[], 1))::int as applicant_i,
         ($10::uuid[])[1 + floor(r_reviewer * array_length($10::uuid[], 1))::int] as reviewer_id
       from r
     ), b as (
       select a.*,
         a.status in ('submitted', 'in_review', 'needs_info', 'recommended') as is_open,
         ($5::jsonb -> region) ->> floor(r_court * jsonb_array_length($5::jsonb -> region))::int as court,
         array(select distinct x from unnest(array[
           ($6::text[])[1 + floor(r_g1 * array_length($6::text[], 1))::int],
           case when r_g2on < 0.55 then ($6::text[])[1 + floor(r_g2 * array_length($6::text[], 1))::int] end,
           case when r_g3on < 0.2 then ($6::text[])[1 + floor(r_g3 * array_length($6::text[], 1))::int] end]) x
           where x is not null)::ground[] as grounds,
         case when r_assign < (case status when 'submitted' then 0.05 when 'in_review' then 0.95 when 'needs_info' then 0.95
                                           when 'recommended' then 0.95 else 0.5 end) then reviewer_id end as assignee_id,
         case when r_scored < (case status when 'submitted' then 0 when 'in_review' then 0.4 when 'needs_info' then 0.5 else 0.85 end)
              then round((r_sa + r_sb + r_sc) / 3 * 100)::int end as strength_score
       from a
     ), c as (
       select b.*,
         now() - (case when is_open then power(r_wait, 1.5) * 600 else r_wait * 730 end) * interval '1 day' as waiting_since,
         status = 'in_review' and assignee_id is not null and r_reply < 0.2 as has_reply
       from b
     ), d as (
       select c.*,
         waiting_since - (case when has_reply then 10 + r_misc * 80 else 0 end) * interval '1 day' as submitted_at,
         case when r_judg_null < 0.03 then null
              else (waiting_since - (case when has_reply then 90 else 0 end + 60 + r_judg * 2900) * interval '1 day')::date end as judgment_date,
         r_self < 0.3 as is_self
       from c
     )
     select d.*,
       'RD-' || to_char(submitted_at, 'YYYY') || '-' ||
         lpad((row_number() over (partition by to_char(submitted_at, 'YYYY') order by submitted_at, g))::text, 5, '0') as reference,
       (case kind when 'criminal' then '1' when 'administrative' then '5' else '2' end) || '-' || (1 + floor(r_num * 9999))::int
         || '/' || to_char(coalesce(judgment_date, submitted_at::date), 'YYYY') as case_number,
       case when is_self then null else p.name end as convicted_person_name,
       case when is_self then ap.key else p.key end as person_key,
       ap.name as applicant_name,
       ($7::text[])[1 + floor(r_judge * array_length($7::text[], 1))::int] as judge_name,
       ($8::text[])[1 + floor(r_n1 * array_length($8::text[], 1))::int] || ' ' ||
       ($8::text[])[1 + floor(r_n2 * array_length($8::text[], 1))::int] || ' ' ||
       ($8::text[])[1 + floor(r_n3 * array_length($8::text[], 1))::int] || ' ' ||
       ($8::text[])[1 + floor(r_n4 * array_length($8::text[], 1))::int] as narrative
     from d
     join bench_people p on p.i = $11::int + 1 + floor(d.r_person * ($12::int - $11::int))::int
     join bench_people ap on ap.i = d.applicant_i`,
    [
      CASES,
      slots(statusWeights),
      slots(regionWeights),
      slots(kindWeights),
      JSON.stringify(courtsByRegion),
      slots(groundWeights),
      judges,
      narrativeSentences,
      // Applicant ids in the order of bench_people (applicant001 is person 1).
      (await client.query<{ id: string }>(`select id from users where role = 'applicant' order by email`)).rows.map((r) => r.id),
      (await client.query<{ id: string }>(`select id from users where role = 'reviewer' order by email`)).rows.map((r) => r.id),
      APPLICANTS,
      people.length,
    ],
  );

  await step(
    'insert cases',
    `insert into cases (reference, applicant_id, status, filing_for, relationship, convicted_person_name, contact_phone, contact_locale,
                        kind, region_code, court_name, case_number, judgment_date, judge_name, articles, sentence_months,
                        current_situation, grounds, narrative, requested_remedy, consent_share_with_prosecutors, intake_step,
                        strength_score, assignee_id, recommended_by_id, replied_at, version, search_text, person_key,
                        submitted_at, waiting_since, created_at, updated_at)
     select reference, applicant_id, status::case_status, (case when is_self then 'self' else 'other' end)::filing_for,
            case when is_self then null when r_misc < 0.5 then 'сын' else 'супруг(а)' end, convicted_person_name,
            '+7 70' || lpad((floor(r_num * 100000000))::int::text, 8, '0'), (case when r_misc < 0.3 then 'kk' else 'ru' end)::locale,
            kind::case_kind, region, court, case_number, judgment_date, judge_name,
            case when kind = 'criminal' then array[($1::text[])[1 + floor(r_sa * array_length($1::text[], 1))::int]] else '{}'::text[] end,
            case when kind = 'criminal' then 6 + floor(r_sb * 150)::int end,
            (array['in_custody', 'on_parole', 'released', 'house_arrest', 'abroad', 'not_applicable'])[1 + floor(r_sc * 6)::int]::current_situation,
            grounds, narrative, 'Пересмотреть приговор в порядке надзора.', r_misc < 0.7, 7,
            strength_score, assignee_id,
            case when status in ('recommended', 'accepted', 'bundled', 'filed', 'protest_brought', 'protest_refused') then assignee_id end,
            case when has_reply then waiting_since end, floor(r_misc * 6)::int,
            regexp_replace(lower(concat_ws(' ', reference, case_number, convicted_person_name, applicant_name, court, judge_name)), '\\s+', ' ', 'g'),
            person_key, submitted_at, waiting_since, submitted_at - r_misc * interval '20 days', waiting_since + r_misc * interval '3 days'
     from bench_cases order by submitted_at, g`,
    [articles],
  );
  await step(
    'reference counters',
    `insert into case_reference_counters (year, last_number)
       select split_part(reference, '-', 2)::int, max(split_part(reference, '-', 3)::int) from cases group by 1`,
  );
  await step(
    'tag 30% of cases',
    `insert into case_tags (case_id, tag_id)
       select c.id, t.id from (
         select id, random() r1, random() r2, random() r3 from cases
       ) c
       cross join lateral (values
         (case when c.r1 < 0.30 then ($1::text[])[1 + floor(c.r2 * array_length($1::text[], 1))::int] end),
         (case when c.r1 < 0.06 then ($1::text[])[1 + floor(c.r3 * array_length($1::text[], 1))::int] end)
       ) as pick(slug)
       join tags t on t.slug = pick.slug
     on conflict do nothing`,
    [slots(Object.fromEntries(benchTags.map((t) => [t.slug, t.weight])))],
  );
  await step(
    'number cases',
    `create temp table bench_case_list on commit drop as
       select row_number() over (order by reference)::int as n, id, status, assignee_id, submitted_at from cases`,
  );
  await client.query(`alter table bench_case_list add primary key (n)`);
  // About ten events per case (a Poisson spread), from submission until now.
  await step(
    'case events',
    `insert into case_events (case_id, actor_id, type, from_status, to_status, is_visible_to_applicant, data, created_at)
     select c.id,
            case when e.type = 'status_changed' and e.r_actor < 0.3 then null else coalesce(c.assignee_id, ($3::uuid[])[1 + floor(e.r_actor * array_length($3::uuid[], 1))::int]) end,
            e.type,
            case when e.type = 'status_changed' then 'in_review'::case_status end,
            case when e.type = 'status_changed' then c.status end,
            e.type = 'status_changed',
            case e.type when 'assigned' then jsonb_build_object('reviewerId', c.assignee_id, 'byOrganizer', e.r_actor < 0.2)
                        when 'recommendation' then jsonb_build_object('rationale', 'Доводы подтверждаются материалами дела.')
                        else '{}'::jsonb end,
            c.submitted_at + e.r_time * (now() - c.submitted_at)
     from (
       select 1 + floor(random() * $1::int)::int as n, ($2::text[])[1 + floor(random() * array_length($2::text[], 1))::int] as type,
              random() r_actor, random() r_time
       from generate_series(1, $4::int)
     ) e
     join bench_case_list c on c.n = e.n`,
    [
      CASES,
      slots({ status_changed: 5, assigned: 2, released: 1, recommendation: 1, confirmation: 1 }),
      (await client.query<{ id: string }>(`select id from users where role = 'reviewer' order by email`)).rows.map((r) => r.id),
      EVENTS,
    ],
  );
  const t = performance.now();
  await client.query('commit');
  log(`  commit (${seconds(t)})`);
  const v = performance.now();
  await client.query('vacuum analyze');
  log(`  vacuum analyze (${seconds(v)})`);
}

// ---------------------------------------------------------------------------------------------
// The filters

type Target = { name: string; query: string };

/** Picks filter values that exist in the seed (a common surname, a real case-number fragment). */
async function targets(): Promise<Target[]> {
  const sample = await withClient(databaseUrl, async (c) => {
    const { rows } = await c.query<{ case_number: string }>(
      `select case_number from cases where status <> 'draft' and kind = 'criminal' order by reference offset 4321 limit 1`,
    );
    return rows[0]!.case_number;
  });
  // "1-4521/2019" → "1-4521": a number without its year, as a reviewer would type it from a letter.
  const caseNumberFragment = sample.split('/')[0]!;
  const list: Target[] = [
    { name: 'default (open, by waiting time)', query: '' },
    { name: 'status=all', query: 'status=all' },
    { name: 'status=declined', query: 'status=declined' },
    { name: 'region=karaganda', query: 'region=karaganda' },
    { name: 'kind=civil', query: 'kind=civil' },
    { name: 'ground=political_motive', query: 'ground=political_motive' },
    { name: 'tag=journalists (rare tag)', query: 'tag=journalists' },
    { name: 'tag=january-2022', query: 'tag=january-2022' },
    { name: 'assignee=me', query: 'assignee=me' },
    { name: 'assignee=none', query: 'assignee=none' },
    { name: 'waiting=30', query: 'waiting=30' },
    { name: 'q=surname (Оспанов)', query: `q=${encodeURIComponent('Оспанов')}` },
    { name: `q=case number (${caseNumberFragment})`, query: `q=${encodeURIComponent(caseNumberFragment)}` },
    { name: 'sort=score', query: 'sort=score' },
    { name: 'sort=judgment', query: 'sort=judgment' },
    { name: 'page=200', query: 'page=200' },
    { name: 'status=all + sort=score + page=200', query: 'status=all&sort=score&page=200' },
    { name: 'status=all + region + kind + ground + assignee=none + sort=score', query: 'status=all&region=almaty_city&kind=criminal&ground=procedural_violations&assignee=none&sort=score' },
    { name: 'q=case number + status=all + sort=score', query: `status=all&sort=score&q=${encodeURIComponent(caseNumberFragment)}` },
    { name: 'status=all + tag=journalists + region + sort=judgment', query: 'status=all&tag=journalists&region=almaty_city&sort=judgment' },
    { name: 'assignee=me + sort=score', query: 'assignee=me&sort=score' },
  ];
  if (!args.only) return list;
  const wanted = args.only.split(',').map((s) => s.trim());
  // Each entry picks the filters whose name starts with it.
  return list.filter((t) => wanted.some((w) => t.name.startsWith(w)));
}

const pathOf = (t: Target) => `/ru/review${t.query ? `?${t.query}` : ''}`;

// ---------------------------------------------------------------------------------------------
// Statements per page load

/** Committed + rolled-back transactions of the bench database, read on a fresh connection. */
async function transactions(): Promise<number> {
  return withClient(databaseUrl, async (c) => {
    const { rows } = await c.query<{ n: string }>(
      `select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`,
    );
    return Number(rows[0]!.n);
  });
}

/**
 * Every statement the app sends outside an explicit transaction is its own transaction, so the
 * growth of pg_stat_database's transaction counters over sequential page loads (with no other
 * traffic on the bench database) counts statements. Backends flush those counters when idle, at
 * most 10 s late, hence the waits. Two runs of different lengths, subtracted, cancel the
 * constant part (these reads' own transactions, the app's pool reconnecting after the waits).
 */
async function statementsPerLoad(cookie: string, loads: number): Promise<{ perLoad: number; short: number; long: number }> {
  const settle = () => new Promise((r) => setTimeout(r, 11_000));
  const run = async (n: number) => {
    await settle();
    const before = await transactions();
    for (let i = 0; i < n; i++) {
      const response = await fetch(`${baseUrl}/ru/review`, { headers: { cookie }, redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`/ru/review answered ${response.status}`);
    }
    await settle();
    return (await transactions()) - before;
  };
  const shortRun = Math.max(1, Math.round(loads / 5));
  const short = await run(shortRun);
  const long = await run(shortRun + loads);
  return { perLoad: (long - short) / loads, short, long };
}

// ---------------------------------------------------------------------------------------------
// The queue's own SQL: timings and EXPLAIN ANALYZE

type Captured = { sql: string; params: unknown[] };
type Explained = { name: string; rowsMs: number; facetsMs: number; rowsPlan: string; facetsPlan: string };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Runs listReviewQueue itself for every filter against the bench database, capturing its SQL
 * through drizzle's logger; times each statement as the app sends it (median of 5, client
 * round trip) and keeps its EXPLAIN (ANALYZE, BUFFERS) plan.
 */
async function explainAll(list: Target[]): Promise<Explained[]> {
  // lib/review/queue.ts imports 'server-only', which throws outside React Server Components:
  // resolve it to an empty module for this process, as the tests do (vitest.config.ts).
  allowServerOnlyImports();
  const { listReviewQueue } = await import('@/lib/review/queue');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const captured: Captured[] = [];
  const db = drizzle(pool, { schema, logger: { logQuery: (text, params) => void captured.push({ sql: text, params }) } });
  const [reviewer] = await db.select().from(schema.users).where(sql`email = ${reviewerEmail(0)}`);
  const user: CurrentUser = { id: reviewer!.id, email: reviewer!.email, name: reviewer!.name, role: reviewer!.role, locale: reviewer!.locale, twoFactor: true };
  const out: Explained[] = [];
  const time = async (q: Captured) => {
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      await pool.query(q.sql, q.params);
      if (i > 0) times.push(performance.now() - t); // the first run warms the cache
    }
    return median(times);
  };
  const plan = async (q: Captured) =>
    ((await pool.query(`explain (analyze, buffers) ${q.sql}`, q.params)).rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
  for (const target of list) {
    captured.length = 0;
    await listReviewQueue(user, parseQueueFilter(Object.fromEntries(new URLSearchParams(target.query))), db);
    const facetsQuery = captured.find((c) => c.sql.includes('status_counts'));
    const rowsQuery = captured.find((c) => c !== facetsQuery);
    if (!rowsQuery || !facetsQuery || captured.length !== 2) throw new Error(`Expected two queries for ${target.name}, captured ${captured.length}`);
    out.push({ name: target.name, rowsMs: await time(rowsQuery), facetsMs: await time(facetsQuery), rowsPlan: await plan(rowsQuery), facetsPlan: await plan(facetsQuery) });
  }
  await pool.end();
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Waits (up to maxSeconds) for a 5-second window in which the machine is less than 15% busy. */
async function waitForQuietMachine(maxSeconds: number, verbose = true): Promise<void> {
  const deadline = Date.now() + maxSeconds * 1000;
  for (;;) {
    const a = machineTicks();
    await new Promise((r) => setTimeout(r, 5000));
    const b = machineTicks();
    const busy = b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
    if (busy < 0.15) return verbose ? log(`machine quiet (${Math.round(busy * 100)}% busy); load average ${loadAverage()}`) : undefined;
    if (Date.now() > deadline) return log(`WARNING: machine still ${Math.round(busy * 100)}% busy after ${maxSeconds} s: other processes will skew the numbers`);
    log(`machine ${Math.round(busy * 100)}% busy (other processes); waiting for quiet…`);
  }
}

/** CPU use over one run: the app server's and PostgreSQL's per page load, and everything else. */
function cpuMeter(serverPid: number | null) {
  const server0 = serverPid ? cpuOf(serverPid) : 0;
  const pg0 = cpuByName('postgres');
  const self0 = process.cpuUsage();
  const machine0 = machineTicks();
  const wall0 = performance.now();
  return (loads: number) => {
    const server = serverPid ? cpuOf(serverPid) - server0 : NaN;
    const postgres = cpuSpent(pg0, cpuByName('postgres'));
    const self = (process.cpuUsage().user + process.cpuUsage().system - self0.user - self0.system) / 1000;
    const machine = machineTicks();
    const busyMs = ((machine.busy - machine0.busy) * 1000) / 100;
    const wallMs = performance.now() - wall0;
    // Everything that is neither the app, PostgreSQL nor this load generator, in % of one core.
    const other = Math.max(0, ((busyMs - (Number.isNaN(server) ? 0 : server) - postgres - self) / wallMs) * 100);
    return { serverPerLoad: server / loads, pgPerLoad: postgres / loads, otherPct: other };
  };
}

async function main(): Promise<void> {
  await ensureSeeded(args.reseed);
  if (args['seed-only']) return;
  const list = await targets();

  const health = await fetch(`${baseUrl}/api/health`).catch(() => null);
  if (!health?.ok) {
    throw new Error(`No app at ${baseUrl} (GET /api/health failed). Start \`next start\` on ${databaseUrl} first: see bench/README.md.`);
  }
  const url0 = new URL(baseUrl);
  const serverPid = ['127.0.0.1', 'localhost'].includes(url0.hostname) ? listeningPid(Number(url0.port || 80)) : null;
  log(serverPid ? `app server: pid ${serverPid}` : 'app server process not found: no app CPU column');

  const loadResults = new Map<string, LoadResult>();
  if (!args['skip-load']) {
    const t = performance.now();
    const totpSecret = await enrollReviewers();
    const cookies: string[] = [];
    for (let i = 0; i < REVIEWERS; i += 4) {
      const batch = Array.from({ length: Math.min(4, REVIEWERS - i) }, (_, j) => signInCookie(baseUrl, reviewerEmail(i + j), REVIEWER_PASSWORD, totpSecret));
      cookies.push(...(await Promise.all(batch)));
    }
    log(`signed in ${cookies.length} reviewers (${seconds(t)})`);

    const loads = Number(args['statement-loads']);
    if (loads > 0) {
      log(`counting statements per page load (two sequential runs, about 45 s of waiting for the statistics to settle)…`);
      const statements = await statementsPerLoad(cookies[0]!, loads);
      const shortRun = Math.max(1, Math.round(loads / 5));
      console.log(
        `\nSQL statements (transactions) per page load of /ru/review: ${statements.perLoad.toFixed(2)} ` +
          `(${statements.long} transactions over ${shortRun + loads} sequential loads minus ${statements.short} over ${shortRun})\n`,
      );
    }

    await waitForQuietMachine(Number(args['wait-quiet']));
    const rate = Number(args.rate);
    const duration = Number(args.seconds);
    const burstCount = Number(args.bursts);
    console.log(`Open loop: ${rate} page loads/s for ${duration} s per filter, rotating over ${REVIEWERS} signed-in reviewers; ${baseUrl}; ${new Date().toISOString()}`);
    const burstGap = Number(args['burst-gap']);
    if (burstCount) console.log(`Bursts: ${burstCount} × ${REVIEWERS} simultaneous loads (one per reviewer), ${burstGap / 1000} s apart, per filter`);
    console.log('');
    const header = ['filter', 'rows', 'sent', '2xx', 'errors', 'achieved/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'late', 'app CPU ms/load', 'PG CPU ms/load', 'other CPU %'];
    if (burstCount) header.push('burst p50', 'burst p95', 'burst max');
    console.log(`| ${header.join(' | ')} |`);
    console.log(`|${header.map(() => '---').join('|')}|`);
    for (const target of list) {
      const url = baseUrl + pathOf(target);
      const init = (i: number): RequestInit => ({ headers: { cookie: cookies[i % cookies.length]! }, redirect: 'manual' });
      // Warm-up, and a check that the page really is the queue with rows in it.
      const html = await (await fetch(url, init(0))).text();
      const rowsSeen = new Set(html.match(/RD-\d{4}-\d{5}/g) ?? []).size;
      for (let i = 1; i < 4; i++) await (await fetch(url, init(i))).arrayBuffer();
      // Other processes on the machine (a build, a test run) skew a run: re-run it, up to
      // --retries times, when they used more than --max-other % of a core, and keep the cleanest.
      let best: { cells: (string | number)[]; r: LoadResult; other: number } | undefined;
      for (let attempt = 0; attempt <= Number(args.retries); attempt++) {
        await waitForQuietMachine(Number(args['wait-quiet']), false);
        const meter = cpuMeter(serverPid);
        const r = await runSchedule({ rate, dueTimes: steady(rate, duration), request: (i) => ({ url, init: init(i) }) });
        const cpu = meter(r.sent);
        const cells: (string | number)[] = [target.name, rowsSeen, r.sent, r.ok, r.errors, r.achievedRate, r.p50, r.p95, r.p99, r.max, r.late];
        cells.push(Number.isNaN(cpu.serverPerLoad) ? '–' : Math.round(cpu.serverPerLoad), Math.round(cpu.pgPerLoad), Math.round(cpu.otherPct));
        if (burstCount) {
          await new Promise((res) => setTimeout(res, 1000));
          const b = await runSchedule({ rate: REVIEWERS, dueTimes: bursts(REVIEWERS, burstGap, burstCount), request: (i) => ({ url, init: init(i) }) });
          cells.push(b.p50, b.p95, b.max);
        }
        if (!best || cpu.otherPct < best.other) best = { cells, r, other: cpu.otherPct };
        if (cpu.otherPct <= Number(args['max-other'])) break;
        log(`${target.name}: other processes used ${Math.round(cpu.otherPct)}% of a core during the run (attempt ${attempt + 1})`);
      }
      loadResults.set(target.name, best!.r);
      const cells = best!.cells;
      console.log(`| ${cells.join(' | ')} |`);
    }
  }

  if (!args['skip-explain']) {
    await waitForQuietMachine(Number(args['wait-quiet']));
    const explained = await explainAll(list);
    console.log('\nThe two statements of listReviewQueue, sent alone to PostgreSQL (median of 5 warm runs; the app sends them in parallel):\n');
    console.log('| filter | rows query ms | facets query ms |');
    console.log('|---|---|---|');
    for (const e of explained) console.log(`| ${e.name} | ${e.rowsMs.toFixed(1)} | ${e.facetsMs.toFixed(1)} |`);
    const byCost = (e: Explained) => (loadResults.size ? (loadResults.get(e.name)?.p95 ?? 0) : Math.max(e.rowsMs, e.facetsMs));
    const slowest = [...explained].sort((a, b) => byCost(b) - byCost(a))[0];
    if (slowest) console.log(`\nEXPLAIN ANALYZE for the slowest filter, ${slowest.name}:\n\nRows:\n${slowest.rowsPlan}\n\nFacets:\n${slowest.facetsPlan}`);
    if (args.plans) {
      fs.writeFileSync(args.plans, explained.map((e) => `## ${e.name}\n\n### rows (${e.rowsMs.toFixed(1)} ms)\n${e.rowsPlan}\n\n### facets (${e.facetsMs.toFixed(1)} ms)\n${e.facetsPlan}\n`).join('\n'));
      log(`all plans written to ${args.plans}`);
    }
  }
}

await main();
