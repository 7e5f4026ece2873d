// CPU time of one thread (Linux /proc), so the render budget counts the CPU a render used, not the time it waited
// for a core on a busy machine. Elsewhere (no /proc) the callers fall back to wall-clock time.
import { readFileSync, readlinkSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU times in these ticks (100 per second on every mainstream platform). */
const MS_PER_TICK = 10;

/** The calling thread's kernel id (a worker's, when called in it), or null without /proc. */
export function currentThreadId(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isSafeInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** User plus system CPU time the thread `tid` of this process has used, in ms (10 ms resolution); null if unknown. */
export function threadCpuMs(tid: number): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state is the 3rd field, utime the 14th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * MS_PER_TICK : null;
  } catch {
    return null;
  }
}
