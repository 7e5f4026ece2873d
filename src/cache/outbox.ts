// Applies the transactional outbox to the cache. A mutation writes its changes to cache_outbox inside its own
// transaction, claimed by its own process; after the commit the writer applies them (stamp bumps and list-index
// updates, src/cache/invalidation.ts), deletes the row, and announces the row's events. A row that is left (the writer
// died between commit and apply, or could not reach the cache and released it) is claimed by another process at its
// poll, or at once when told (NOTIFY), and applied, deleted and announced there. Rows are announced by the process
// whose delete removed them: once, after their changes were applied.
// Leases (on a shared cache): a process serves from the cache only while it holds a lease, renewed about every
// third of its length and only while no row is older than a grace period (src/data/cache-leases.data.ts). A writer
// whose changes did not reach the cache returns once they were applied, or once no other process holds a lease:
// a row older than the grace stops every renewal, so every lease ends within grace + lease of the commit. Until the
// row is applied, no process serves from the cache; the poll that applies it renews the lease. A process whose cache
// failed ends its lease at once (and renews none until its poll resumed the cache), so in an outage of the cache
// itself writers do not wait for processes that serve nothing from it anyway.
import type { Db } from '../db/client.js';
import { findEventsOfOutbox } from '../data/live-events.data.js';
import { claimOutbox, countOutbox, finishOutbox, notifyOutbox, releaseOutbox, type OutboxRow } from '../data/outbox.data.js';
import { dropLease, endLease, othersHoldLeases, renewLease } from '../data/cache-leases.data.js';
import { resyncsAll, type Announcement, type PositionedEvent } from '../live/live-event.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { DomainChange } from './changes.js';
import type { GuardedBackend } from './guarded-backend.js';
import { invalidationsOf, type Effects } from './invalidation.js';
import { stampKind } from './keys.js';

export interface OutboxOptions {
  backend: GuardedBackend;
  db: Db;
  /** This process's owner token (Database.owner): the rows its writers insert are claimed by it. */
  owner: string;
  metrics: Metrics;
  logger: Logger;
  /**
   * Tells subscribers what changed (src/live/), called only after the changes were applied, so never for a change
   * that rolled back (it has no row) and never before the change is readable. Must not throw.
   */
  announce?: (announcement: Announcement) => Promise<void>;
  /** Applies the list-index updates of a batch of changes (src/cache/maintained-lists.ts); none with CACHE=off. */
  applyLists?: (effects: Effects) => Promise<boolean>;
  /** How often rows left behind are applied and a lost backend re-synced. Defaults to 1000 ms; 0 disables. */
  pollMs?: number;
  /**
   * Without leases: how long a writer whose changes could not reach the cache waits for another process to apply
   * them. Defaults to 500 ms.
   */
  applyWaitMs?: number;
  /**
   * The length of this process's lease on the cache (a shared cache: several processes read it); 0 (the default)
   * takes no lease: the cache is this process's own, or a test drives the outbox by hand.
   */
  leaseMs?: number;
  /** How old an outbox row may be before it stops every lease's renewal. Defaults to 1000 ms. */
  leaseGraceMs?: number;
  /** Test seam (ForumCacheService.hooks). */
  hooks?: { beforePollApply?: () => Promise<void> };
}

/** Rows applied per step of a poll (one bump and one list-index call each). */
const OUTBOX_BATCH = 500;

export class Outbox {
  private polling = false;
  private pollAgain = false;
  private readonly poller: NodeJS.Timeout | undefined;
  /** Rows this process's writers are applying now: its own poll leaves them to them. */
  private readonly busy = new Set<number>();
  /** Applied rows whose delete and announcement are under way (close() waits for them). */
  private readonly finishing = new Set<Promise<void>>();
  private readonly renewer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: OutboxOptions) {
    const pollMs = options.pollMs ?? 1000;
    if (pollMs > 0) {
      this.poller = setInterval(() => void this.poll(), pollMs);
      this.poller.unref();
    }
    if (this.leaseMs > 0) {
      options.backend.requireLease();
      // A process that stops serving from the cache says so at once: a writer elsewhere then need not wait for it.
      options.backend.onFailure(() => void endLease(options.db, options.owner).catch(() => {}));
      this.renewer = setInterval(() => void this.renewLease(), Math.max(1, Math.floor(this.leaseMs / 3)));
      this.renewer.unref();
    }
  }

  private get leaseMs(): number { return this.options.leaseMs ?? 0; }

  /**
   * Renews this process's lease when no row waits past the grace (the backend then serves for `leaseMs` more, counted
   * from before the renewal was sent: never past the lease the database recorded). Start-up awaits the first.
   */
  renewLease(): Promise<void> {
    if (this.leaseMs === 0 || this.closed) return Promise.resolve();
    this.renewing ??= (async () => {
      const sent = Date.now();
      try {
        if (!this.options.backend.healthy) {
          await endLease(this.options.db, this.options.owner); // the poll renews once it has resumed the backend
          return;
        }
        const renewed = await renewLease(this.options.db, this.options.owner, this.leaseMs, this.options.leaseGraceMs ?? 1000);
        if (renewed) this.options.backend.extendLease(sent + this.leaseMs, sent);
        this.options.metrics.cacheLeaseRenewals.inc({ result: renewed ? 'renewed' : 'refused' });
      } catch (error) {
        this.options.metrics.cacheLeaseRenewals.inc({ result: 'failed' });
        this.options.logger.warn({ err: error }, 'cache: could not renew the cache lease; serving from the database until it is');
      } finally {
        this.renewing = null;
      }
    })();
    return this.renewing;
  }

  /**
   * After the commit of the transaction that wrote row `id`: applies its changes, then deletes the row and announces its
   * events without waiting for those. Returns once no process can serve what they made stale: applied here, or (the
   * cache unreachable from here) by another process within the wait.
   */
  async afterCommit(id: number, changes: readonly DomainChange[], events: readonly PositionedEvent[]): Promise<void> {
    const { db, owner } = this.options;
    this.hold(id);
    let applied: boolean;
    try {
      applied = await this.apply(changes);
    } catch (error) {
      this.busy.delete(id);
      throw error;
    }
    if (applied) {
      // Nothing can serve what the change made stale any more: the mutation answers now, and the row's delete and
      // the announcement follow (two round trips its writer need not wait for). The row stays this process's own
      // (busy) until then, so its poll leaves it.
      const finishing = this.finishAndAnnounce(id, changes, events);
      this.finishing.add(finishing);
      void finishing.finally(() => this.finishing.delete(finishing));
      return;
    }
    try {
      await releaseOutbox(db, [id], owner).catch(() => {});
    } finally {
      this.busy.delete(id);
    }
    await notifyOutbox(db).catch(() => {});
    await this.awaitApplied([id]);
  }

  /** Deletes an applied row, then announces its events: the delete first, and only if it removed the row. */
  private async finishAndAnnounce(id: number, changes: readonly DomainChange[], events: readonly PositionedEvent[]): Promise<void> {
    const { db, owner, logger } = this.options;
    try {
      // A subscriber replaying the backlog counts an event as readable once its row is gone, and only the process
      // whose delete removed the row announces it.
      const finished = await finishOutbox(db, [id], owner).catch((error) => {
        logger.warn({ err: error }, 'cache: could not delete an applied outbox row; a poll will apply and announce it');
        return [];
      });
      if (finished.length > 0) await this.options.announce?.({ events: [...events], resyncAll: resyncsAll(changes) });
    } catch (error) {
      logger.warn({ err: error }, 'live: could not announce a change');
    } finally {
      this.busy.delete(id);
    }
  }

  /**
   * Keeps this process's own poll away from row `id`: its writer will apply it. Called inside the writing transaction
   * (before the commit makes the row visible) and released by afterCommit, or by `release` when it rolled back.
   */
  hold(id: number): void {
    this.busy.add(id);
  }

  release(id: number): void {
    this.busy.delete(id);
  }

  /** Applies changes now: bumps and list updates. False when the cache could not take them. */
  async apply(changes: readonly DomainChange[]): Promise<boolean> {
    const effects = invalidationsOf(changes);
    this.count(effects.stamps);
    const [bumped, listed] = await Promise.all([
      this.options.backend.bump(effects.stamps),
      this.options.applyLists && effects.lists.length > 0 ? this.options.applyLists(effects) : true,
    ]);
    return bumped && listed;
  }

  /**
   * Applies every row left behind. A backend that failed is resumed only after that (and, when it was lost, after an
   * epoch bump): a change that could not reach it while it failed is in those rows.
   */
  async poll(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true; // a notification during a poll may name rows that poll did not see
      return;
    }
    this.polling = true;
    const { backend, db, logger } = this.options;
    try {
      const resuming = !backend.available;
      if (resuming && !(await backend.prepareResume())) return;
      let applied = false;
      for (let more = true; more;) {
        const rows = await claimOutbox(db, this.options.owner, [...this.busy], OUTBOX_BATCH);
        applied ||= rows.length > 0;
        const changes = rows.flatMap(changesOf);
        if (rows.length > 0) await this.options.hooks?.beforePollApply?.();
        if (rows.length > 0 && !(await this.apply(changes))) {
          await releaseOutbox(db, rows.map((r) => r.id), this.options.owner);
          return;
        }
        const finished = await finishOutbox(db, rows.map((r) => r.id), this.options.owner);
        if (finished.length > 0) await this.announceRows(rows.filter((r) => finished.includes(r.id)));
        more = rows.length === OUTBOX_BATCH;
      }
      if (resuming) backend.resume();
      // What waited is applied: serve again without waiting for the timer (after a renewal in flight, which may have
      // been sent before the cache was resumed). A poll that found nothing leaves renewals to the timer.
      if (resuming || applied) {
        await this.renewing;
        await this.renewLease();
      }
    } catch (error) {
      logger.warn({ err: error }, 'cache: applying the outbox failed; will retry');
    } finally {
      this.polling = false;
      if (this.pollAgain) {
        this.pollAgain = false;
        void this.poll();
      }
    }
  }

  /** Resolves once the deletes and announcements under way now are done. */
  async settled(): Promise<void> {
    await Promise.all([...this.finishing]);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    await this.settled();
    if (this.renewer) {
      clearInterval(this.renewer);
      await this.renewing;
      await dropLease(this.options.db, this.options.owner).catch(() => {}); // writers elsewhere need not wait for it
    }
  }

  /** Rows left behind by a writer that died, or could not reach the cache: their events are announced here. */
  private async announceRows(rows: readonly OutboxRow[]) {
    if (!this.options.announce) return;
    const kept = await findEventsOfOutbox(this.options.db, rows.map((r) => r.id));
    const events = kept.map((row) => ({ ...(row.event as PositionedEvent), channel: row.channel, seq: row.seq }));
    await this.options.announce({ events, resyncAll: resyncsAll(rows.flatMap(changesOf)) });
  }

  /**
   * Waits until another process has applied these rows. With leases: or until no other process holds one (then none
   * serves from the cache before the rows are applied), which is at most grace + lease after the commit; bounded
   * anyway, with a warning, should the database not answer. Without: for applyWaitMs.
   */
  private async awaitApplied(ids: number[]): Promise<void> {
    const { db, owner, logger } = this.options;
    const leases = this.leaseMs > 0;
    const waitMs = leases ? 2 * ((this.options.leaseGraceMs ?? 1000) + this.leaseMs) : (this.options.applyWaitMs ?? 500);
    const end = Date.now() + waitMs;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
      const left = await countOutbox(db, ids).catch(() => ids.length);
      if (left === 0) return;
      if (leases && !(await othersHoldLeases(db, owner).catch(() => true))) return;
    }
    if (leases) logger.warn({ rows: ids }, 'cache: a change could not be applied, and other processes still hold cache leases');
  }

  private count(stampKeys: readonly string[]) {
    const { metrics, logger } = this.options;
    const debug = logger.isLevelEnabled('debug');
    for (const stamp of stampKeys) {
      const kind = stampKind(stamp);
      metrics.cacheInvalidations.inc({ kind });
      if (debug) logger.debug({ kind, stamp }, '[CACHE] DELETE');
    }
  }
}

/** A row's changes; a row that is not a list of changes (written by hand?) applies as clearing the cache. */
function changesOf(row: OutboxRow): DomainChange[] {
  return Array.isArray(row.changes) ? row.changes as DomainChange[] : [{ type: 'cache.cleared' }];
}
