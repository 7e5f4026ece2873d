// A server's own CPU time, to tell what a request costs it apart from what other work on a shared machine takes.
import { readdirSync, readFileSync } from 'node:fs';

/** User plus system CPU time of a process so far, in microseconds (Linux /proc; clock ticks of 10 ms). */
export function cpuUs(pid: number): number {
  return statOf(readFileSync(`/proc/${pid}/stat`, 'utf8')).us;
}

/** A /proc/<pid>/stat line's command name and user plus system CPU time, in microseconds (clock ticks of 10 ms). */
function statOf(stat: string): { name: string; us: number } {
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return { name: stat.slice(stat.indexOf('(') + 1, close), us: (Number(fields[11]) + Number(fields[12])) * 10_000 };
}

/**
 * CPU time of all a process's threads so far, in microseconds, from the scheduler's own accounting (Linux
 * /proc/<pid>/task/<tid>/schedstat, nanoseconds): precise enough for one request, where cpuUs counts 10 ms ticks.
 * A thread that ended between two readings takes its time with it: for a server whose threads live as long as it.
 */
export function cpuUsPrecise(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended while the list was read
    }
  }
  return ns / 1000;
}

/**
 * CPU time so far of every process whose command name (/proc/<pid>/stat) is one of `names`, by process id, in
 * microseconds (clock ticks of 10 ms): PostgreSQL's backends are `postgres`, Redis is `redis-server`.
 */
export function cpuUsByCommand(names: readonly string[]): Map<number, { name: string; us: number }> {
  const wanted = new Set(names);
  const out = new Map<number, { name: string; us: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while the list was read
    }
    const parsed = statOf(stat);
    if (wanted.has(parsed.name)) out.set(Number(entry), parsed);
  }
  return out;
}

/**
 * The CPU each command name took between two readings of cpuUsByCommand: a process that started in between counts
 * from zero, one that ended in between takes its time with it (an undercount, never a negative figure).
 */
export function cpuUsBetween(before: Map<number, { name: string; us: number }>, after: Map<number, { name: string; us: number }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [pid, { name, us }] of after) {
    const start = before.get(pid);
    const from = start !== undefined && start.name === name && start.us <= us ? start.us : 0;
    out.set(name, (out.get(name) ?? 0) + us - from);
  }
  return out;
}
