/**
 * CPU accounting from /proc (Linux only), to split a page load's cost between the app server
 * and PostgreSQL, and to show when something else on the machine was busy during a run.
 * Every function returns null/empty where /proc is unavailable.
 */
import fs from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (CLK_TCK; 100 on every mainstream Linux). */
const TICKS_PER_SECOND = 100;

const read = (file: string): string | null => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/**
 * CPU of a process and of its children that have exited (utime + stime + cutime + cstime), in
 * ms; 0 when it has exited. The children's part is what catches short-lived processes: a
 * PostgreSQL parallel worker that starts and exits between two snapshots shows up in the
 * postmaster's cutime.
 */
function processCpuMs(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  // The command name is in parentheses and may hold spaces: fields start after the last ')'.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  return (((f[11] ?? 0) + (f[12] ?? 0) + (f[13] ?? 0) + (f[14] ?? 0)) * 1000) / TICKS_PER_SECOND;
}

const pids = (): number[] =>
  fs.existsSync('/proc')
    ? fs
        .readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .map(Number)
    : [];

/** The process listening on a local TCP port (found through /proc/net/tcp and the fds' socket inodes). */
export function listeningPid(port: number): number | null {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (read(file) ?? '').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN.
      if (cols.length > 9 && parseInt(cols[1]!.split(':')[1]!, 16) === port && cols[3] === '0A') inodes.add(cols[9]!);
    }
  }
  if (!inodes.size) return null;
  for (const pid of pids()) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(target);
        if (m && inodes.has(m[1]!)) return pid;
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return null;
}

/** CPU ms of every process with this command name (e.g. every PostgreSQL backend), by pid. */
export function cpuByName(comm: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids()) if (read(`/proc/${pid}/comm`)?.trim() === comm) out.set(pid, processCpuMs(pid));
  return out;
}

export function cpuOf(pid: number): number {
  return processCpuMs(pid);
}

/**
 * CPU ms used between two cpuByName snapshots. A process that exited in between counts through
 * its parent's children time (its whole life), so what it had used before is subtracted.
 */
export function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  for (const [pid, ms] of before) if (!after.has(pid)) total -= ms;
  return total;
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
export function machineTicks(): { busy: number; total: number } {
  const line = (read('/proc/stat') ?? '').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  if (v.length < 5) return { busy: 0, total: 0 };
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

export function loadAverage(): number {
  return Number((read('/proc/loadavg') ?? 'NaN').split(' ')[0]);
}
