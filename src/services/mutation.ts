// How every mutation runs: its work, the record of what it changed (the outbox row) and its live events at their
// positions (the backlog) commit together in one transaction; then the change is applied to the cache before the
// mutation returns, and announced just after (src/cache/outbox.ts). A crash between the commit and the apply leaves
// the row, and another process applies it.
import type { DomainChange } from '../cache/changes.js';
import type { ForumCacheService } from '../cache/forum-cache.service.js';
import type { Database, Db } from '../db/client.js';
import { insertOutbox, notifyOutbox } from '../data/outbox.data.js';
import { recordEvents } from '../live/backlog.js';
import { liveEventsOf, type PositionedEvent } from '../live/live-event.js';

export interface Outcome<T> { result: T; changes: DomainChange[] }

export interface MutationOptions {
  /**
   * Fault drills only (FORUM_FAULT_CRASH_AFTER_COMMIT): the process kills itself right after a commit, before it
   * applies the change, as a deploy's SIGKILL or an OOM would.
   */
  crashAfterCommit?: boolean;
  /**
   * For a process with no cache of its own that writes on behalf of the running servers (npm run render:backfill
   * without Redis): the outbox row is always written and left, with a NOTIFY, for the servers to apply.
   */
  leaveToServers?: boolean;
  /** Events kept per channel (LIVE_BACKLOG_MAX_EVENTS); the writer drops older ones. Defaults to 1000. */
  backlogMaxEvents?: number;
}

export class Mutations {
  constructor(
    private readonly database: Database,
    private readonly cache: ForumCacheService,
    private readonly options: MutationOptions = {},
  ) {}

  /** The database outside any transaction, for work a mutation does before it opens one (rendering a body). */
  get db(): Db {
    return this.database.db;
  }

  async run<T>(work: (tx: Db) => Promise<Outcome<T>>): Promise<T> {
    let outboxId: number | null = null;
    let events: PositionedEvent[] = [];
    let unhold = () => {};
    const leave = this.options.leaveToServers === true;
    const { result, changes } = await this.database.db.transaction(async (tx) => {
      const outcome = await work(tx);
      // Claimed by this process, which applies it after the commit; left unclaimed for the servers to take.
      const outbox = (this.cache.enabled || leave) && outcome.changes.length > 0
        ? { changes: outcome.changes, claimedBy: leave ? null : this.cache.owner } : null;
      const unpositioned = liveEventsOf(outcome.changes);
      if (unpositioned.length > 0) {
        // The outbox row is written by the statement that keeps the first channel's events.
        ({ events, outboxId } = await recordEvents(tx, unpositioned, outbox, this.options.backlogMaxEvents ?? 1000));
      } else if (outbox) {
        outboxId = await insertOutbox(tx, outbox.changes, outbox.claimedBy);
      }
      // Before the commit makes the row visible to this process's poll.
      if (outboxId !== null && !leave) unhold = this.cache.holdOutboxRow(outboxId);
      return outcome;
    }).catch((error) => {
      unhold();
      throw error;
    });
    if (this.options.crashAfterCommit) process.kill(process.pid, 'SIGKILL');
    if (changes.length === 0) return result;
    if (leave) await notifyOutbox(this.database.db);
    else await this.cache.afterCommit(outboxId, changes, events);
    return result;
  }
}
