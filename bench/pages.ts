/**
 * Page latency at a fixed arrival rate against a running server (`npm start`, in another
 * process). Usage: npx tsx bench/pages.ts [rate=20] [seconds=15]
 * BENCH_URL (default http://localhost:3000); demo logins are read from REDRESS_DATA_DIR.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runLoad, signInCookie } from './lib/load';

const baseUrl = process.env.BENCH_URL ?? 'http://localhost:3000';
const rate = Number(process.argv[2] ?? 20);
const seconds = Number(process.argv[3] ?? 15);
const accounts = JSON.parse(fs.readFileSync(path.join(process.env.REDRESS_DATA_DIR ?? '.data', 'demo-accounts.json'), 'utf8')) as {
  role: string;
  email: string;
  password: string;
  totpSecret?: string;
}[];
const login = async (role: string) => {
  const account = accounts.find((a) => a.role === role)!;
  return signInCookie(baseUrl, account.email, account.password, account.totpSecret);
};

const targets: { name: string; path: string; cookie?: string }[] = [
  { name: 'health (database ping)', path: '/api/health' },
  { name: 'home, visitor', path: '/ru' },
  { name: 'sign-in page, visitor', path: '/ru/sign-in' },
  { name: 'my cases, applicant', path: '/ru/my/cases', cookie: await login('applicant') },
  { name: 'review queue, reviewer', path: '/ru/review', cookie: await login('reviewer') },
  { name: 'insights, organizer', path: '/ru/organize/insights', cookie: await login('organizer') },
];

console.log(`Fixed arrival rate ${rate}/s for ${seconds}s per page against ${baseUrl}\n`);
console.log('| page | sent | 2xx | errors | achieved/s | p50 ms | p95 ms | p99 ms | max ms | late starts |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const target of targets) {
  // Warm up the route (first render compiles nothing in production, but fills caches).
  await fetch(baseUrl + target.path, { headers: target.cookie ? { cookie: target.cookie } : {} });
  const r = await runLoad({
    url: baseUrl + target.path,
    rate,
    durationSeconds: seconds,
    init: { headers: target.cookie ? { cookie: target.cookie } : {}, redirect: 'manual' },
  });
  console.log(`| ${target.name} | ${r.sent} | ${r.ok} | ${r.errors} | ${r.achievedRate} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.late} |`);
}
