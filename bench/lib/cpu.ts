// A server's own CPU time, to tell what a request costs it apart from what other work on a shared machine takes.
import { readdirSync, readFileSync } from 'node:fs';

/** User plus system CPU time of a process so far, in microseconds (Linux /proc; clock ticks of 10 ms). */
export function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
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
