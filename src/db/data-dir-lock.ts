// One owner per embedded data folder. PGlite has no postmaster to refuse a second opener: two processes on one
// folder each keep their own copy of the database in memory and overwrite each other's files. A lock file beside the
// database's own files names the owner (PID, host, the process's start time); it is taken with O_EXCL, and a lock
// whose owner is gone (a SIGKILL leaves the file behind) is taken over instead of blocking the next start.
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'forum-server.lock';

/** Another live process owns the folder. The message is the one line a person at a terminal needs. */
export class DataDirLocked extends Error {
  constructor(readonly dataDir: string, readonly owner: LockOwner) {
    const where = owner.host === hostname() ? `process ${owner.pid}` : `process ${owner.pid} on host ${owner.host}`;
    super(`the embedded database in ${dataDir} is in use by ${where} (${owner.command}); stop it first, `
      + `or set DATA_DIR to another folder`);
  }
}

export interface LockOwner {
  pid: number;
  host: string;
  /** Kernel start time of the owner (Linux, /proc): tells a live owner from an unrelated process that reused its PID. */
  startTime: string | null;
  command: string;
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

/** Start time of a process as the kernel counts it, or null where /proc is not there. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) is in parentheses and may hold spaces, so count from its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false; // ESRCH: no such process
  }
  const now = processStartTime(owner.pid);
  return owner.startTime === null || now === null || now === owner.startTime;
}

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return { pid: parsed.pid, host: parsed.host, startTime: parsed.startTime ?? null, command: parsed.command ?? 'unknown' };
  } catch {
    return null;
  }
}

function tryCreate(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes a stale lock under a short-lived guard file, so that two processes finding the same stale lock cannot both
 * remove it (the second would remove the first's fresh lock).
 */
function removeStale(path: string, stale: LockOwner): void {
  const guard = `${path}.takeover`;
  try {
    // A guard older than 10 s belongs to a process killed mid-takeover.
    if (Date.now() - statSync(guard).mtimeMs > 10_000) unlinkSync(guard);
  } catch { /* no guard */ }
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch {
    return; // another process is taking over; the caller's retry sees its lock
  }
  closeSync(fd);
  try {
    const current = readOwner(path);
    if (current && current.pid === stale.pid && current.startTime === stale.startTime) unlinkSync(path);
  } finally {
    unlinkSync(guard);
  }
}

/** Takes the folder for this process, or throws DataDirLocked naming the live owner. Creates the folder if needed. */
export function lockDataDir(dataDir: string, command = process.argv.slice(1).join(' ')): DataDirLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), startTime: processStartTime(process.pid), command };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, me)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        const current = readOwner(path);
        if (current?.pid === me.pid && current.host === me.host) {
          try { unlinkSync(path); } catch { /* already gone */ }
        }
      };
      // A process that exits without closing the database (process.exit on an error) still frees the folder.
      process.on('exit', release);
      return { path, release };
    }
    const owner = readOwner(path);
    // Owners on another host cannot be checked from here: a folder shared over the network stays theirs.
    if (owner && (owner.host !== me.host || isAlive(owner))) throw new DataDirLocked(dir, owner);
    if (owner) {
      removeStale(path, owner);
    } else if (attempt >= 2) {
      try { unlinkSync(path); } catch { /* gone */ }
    } else {
      // An unreadable lock is one being written this instant (open, then write): look again before treating it as junk.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  const owner = readOwner(path);
  if (owner) throw new DataDirLocked(dir, owner);
  throw new Error(`cannot take the lock ${path}: it keeps changing; is another server starting on ${dir}?`);
}
