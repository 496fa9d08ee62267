/**
 * Open-loop load on an arbitrary arrival schedule (a steady rate, bursts, or both), with a
 * different request per arrival (e.g. a different signed-in user each time). Like
 * `runLoad` in ./load.ts, latency is measured from the moment each request was DUE, so time
 * spent queueing, in the server or in this generator, is counted (no coordinated omission).
 */
import type { LoadResult } from './load';

export type Arrival = { url: string; init?: RequestInit };

export type ScheduleOptions = {
  /** When each request is due, in ms from the start, in ascending order. */
  dueTimes: number[];
  /** The request for arrival i. */
  request: (i: number) => Arrival;
  /** A request slower than this counts as an error. */
  timeoutMs?: number;
  /** Nominal requests per second, reported as `rate`. */
  rate: number;
  /** Completes arrival i once it is due (e.g. waits for a token); the wait counts as latency. */
  prepare?: (arrival: Arrival, i: number) => Promise<Arrival>;
  /** Sees each answer (its body already read), e.g. to record which requests succeeded. */
  onResponse?: (i: number, response: Response) => void;
};

/** `count` arrivals at `rate` per second, evenly spaced. */
export function steady(rate: number, seconds: number): number[] {
  const count = Math.round(rate * seconds);
  return Array.from({ length: count }, (_, i) => (i * 1000) / rate);
}

/** `size` arrivals at once, every `everyMs`, `count` times. */
export function bursts(size: number, everyMs: number, count: number): number[] {
  return Array.from({ length: size * count }, (_, i) => Math.floor(i / size) * everyMs);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runSchedule(options: ScheduleOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let late = 0;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  let lastUrl = '';

  for (let i = 0; i < options.dueTimes.length; i++) {
    const due = start + options.dueTimes[i]!;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (performance.now() - due > 10) late++;
    const arrival = options.request(i);
    lastUrl = arrival.url;
    inflight.push(
      (async () => {
        let status = 'error';
        try {
          const { url, init } = options.prepare ? await options.prepare(arrival, i) : arrival;
          const response = await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
          await response.arrayBuffer();
          status = String(response.status);
          options.onResponse?.(i, response);
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
  const total = options.dueTimes.length;
  const ok = Object.entries(statuses)
    .filter(([s]) => /^2\d\d$/.test(s))
    .reduce((n, [, c]) => n + c, 0);
  return {
    url: lastUrl,
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
