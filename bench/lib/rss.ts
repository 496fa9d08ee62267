/**
 * Resident memory of another process, from /proc/<pid>/status (Linux only), in MB (2^20 bytes).
 * RSS counts the pages the process really holds: its own heap and buffers (RssAnon) and the
 * mapped files it touched, such as its code (RssFile + RssShmem). Files it reads with read(2)
 * sit in the kernel's page cache and are not counted here.
 */
import fs from 'node:fs';

export type Rss = { rss: number; anon: number };
export type RssSample = Rss & { at: number };

/** The process's RSS now, or null when it has exited (or /proc is missing). */
export function rssOf(pid: number): Rss | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024 };
}

/**
 * Reads the RSS every `everyMs` until stopped; `at` is performance.now() of each reading, so
 * samples can be matched with the phases of a request timed in the same process.
 */
export function sampleRss(pid: number, everyMs = 100): { stop: () => RssSample[] } {
  const samples: RssSample[] = [];
  const take = () => {
    const r = rssOf(pid);
    if (r) samples.push({ ...r, at: performance.now() });
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}
