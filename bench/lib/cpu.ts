// A server's own CPU time, to tell what a request costs it apart from what other work on a shared machine takes.
import { readFileSync } from 'node:fs';

/** User plus system CPU time of a process so far, in microseconds (Linux /proc; clock ticks of 10 ms). */
export function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}
