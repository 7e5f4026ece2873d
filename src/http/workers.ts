// WORKERS=N: N server processes on one port (node:cluster). The primary holds no app: it forks the workers, logs the
// ready line once all of them listen, replaces a worker that dies, and on SIGTERM/SIGINT stops every worker
// gracefully (each drains its requests, flushes its view counts, closes its cache and database) before it exits.
// Each worker is a whole server with its own Apollo, loaders and in-process copies; what they share (entries, stamps,
// view totals, live events) is in PostgreSQL and Redis, which is why config.ts refuses WORKERS>1 without both.
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logger.js';

/** A worker that dies this soon after it started counts towards a crash loop. */
const EARLY_EXIT_MS = 10_000;
/** Early deaths in a row after which the primary gives up (a server that cannot start). */
const MAX_EARLY_EXITS = 5;

export const isWorker = () => cluster.isWorker;

/**
 * Whether this process does the one-time set-up of a start (the admin account, the demo seed): a single process, or
 * the first worker forked (a worker started later to replace one finds it done).
 */
export const doesSetup = () => !cluster.isWorker || cluster.worker?.id === 1;

/**
 * Runs the primary of `count` workers until they all stopped; resolves with the exit code the primary should use
 * (0 after a graceful stop of every worker).
 */
export function runPrimary(count: number, logger: Logger): Promise<number> {
  let stopping = false;
  let earlyExits = 0;
  const started = new Map<number, number>();
  const listening = new Set<number>();

  const fork = () => {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
    return worker;
  };

  return new Promise((resolve) => {
    cluster.on('listening', (worker, address) => {
      listening.add(worker.id);
      if (listening.size === count && !stopping) {
        logger.info({ port: address.port, workers: count }, `forum server ready at http://localhost:${address.port}/graphql (${count} workers)`);
      }
    });
    cluster.on('exit', (worker: Worker, code, signal) => {
      listening.delete(worker.id);
      const alive = Object.keys(cluster.workers ?? {}).length;
      if (stopping) {
        if (code !== 0) logger.error({ worker: worker.id, code, signal }, 'a worker did not stop cleanly');
        failed ||= code !== 0;
        if (alive === 0) resolve(failed ? 1 : 0);
        return;
      }
      const early = Date.now() - (started.get(worker.id) ?? 0) < EARLY_EXIT_MS;
      earlyExits = early ? earlyExits + 1 : 0;
      if (earlyExits >= MAX_EARLY_EXITS) {
        logger.error({ code, signal }, `workers keep exiting right after they start (${earlyExits} in a row); stopping`);
        stop('crash loop');
        failed = true;
        if (alive === 0) resolve(1);
        return;
      }
      logger.error({ worker: worker.id, code, signal }, 'a worker exited; starting another');
      fork();
    });

    let failed = false;
    const stop = (reason: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ reason, workers: Object.keys(cluster.workers ?? {}).length }, 'shutting down: stopping every worker');
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      if (workers.length === 0) resolve(failed ? 1 : 0);
      for (const worker of workers) worker.process.kill('SIGTERM');
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));

    for (let i = 0; i < count; i++) fork();
  });
}
