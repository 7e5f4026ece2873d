// How every mutation runs: its work, the record of what it changed (the outbox row) and its live events at their
// positions (the backlog) commit together in one transaction; then the change is applied to the cache and announced
// before the mutation returns. A crash between the two leaves the row, and another process applies it
// (src/cache/outbox.ts).
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
      if ((this.cache.enabled || leave) && outcome.changes.length > 0) {
        // Claimed by this process, which applies it after the commit; left unclaimed for the servers to take.
        outboxId = await insertOutbox(tx, outcome.changes, leave ? null : this.cache.owner);
        if (!leave) unhold = this.cache.holdOutboxRow(outboxId); // before the commit makes it visible to this process's poll
      }
      const unpositioned = liveEventsOf(outcome.changes);
      if (unpositioned.length > 0) {
        events = await recordEvents(tx, unpositioned, outboxId, this.options.backlogMaxEvents ?? 1000);
      }
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
