/**
 * An open-loop load generator: requests start at a fixed arrival rate whatever the server's
 * speed, and latency is measured from the moment each request was due, so queueing delay is
 * counted (no coordinated omission). Run it as a separate process from the server.
 */
import { Secret, TOTP } from 'otpauth';

export type LoadOptions = {
  url: string;
  /** Requests per second. */
  rate: number;
  durationSeconds: number;
  init?: RequestInit;
  /** A request slower than this counts as an error. */
  timeoutMs?: number;
};

export type LoadResult = {
  url: string;
  rate: number;
  sent: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  achievedRate: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Requests that started more than 10 ms after they were due (the generator fell behind). */
  late: number;
};

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const total = Math.round(options.rate * options.durationSeconds);
  const interval = 1000 / options.rate;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let late = 0;
  const start = performance.now();
  const inflight: Promise<void>[] = [];

  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (performance.now() - due > 10) late++;
    inflight.push(
      (async () => {
        let status = 'error';
        try {
          const response = await fetch(options.url, { ...options.init, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
          await response.arrayBuffer();
          status = String(response.status);
        } catch (error) {
          status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'error';
        }
        latencies.push(performance.now() - due);
        statuses[status] = (statuses[status] ?? 0) + 1;
      })(),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const ok = Object.entries(statuses)
    .filter(([s]) => /^2\d\d$/.test(s))
    .reduce((n, [, c]) => n + c, 0);
  return {
    url: options.url,
    rate: options.rate,
    sent: total,
    ok,
    errors: total - ok,
    statuses,
    achievedRate: Math.round((total / elapsed) * 10) / 10,
    p50: Math.round(percentile(sorted, 50)),
    p95: Math.round(percentile(sorted, 95)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted.at(-1) ?? NaN),
    late,
  };
}

/** Signs in through next-auth's credentials endpoint and returns the session cookie header. */
/** Signs in like the sign-in form; staff pass their two-factor secret (the code is computed here). */
export async function signInCookie(baseUrl: string, email: string, password: string, totpSecret?: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const form = new URLSearchParams({ csrfToken, email, password, json: 'true' });
  if (totpSecret) form.set('code', new TOTP({ secret: Secret.fromBase32(totpSecret), algorithm: 'SHA1', digits: 6, period: 30 }).generate());
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie, origin: baseUrl },
    body: form,
  });
  const session = response.headers.getSetCookie().find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  if (!session) throw new Error(`Sign-in failed for ${email} (HTTP ${response.status})`);
  return session.split(';')[0]!;
}
