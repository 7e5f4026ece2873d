// Positions and the backlog of live events (README "Live updates"). Each thread and each category is a channel; the
// transaction that makes a change raises its channels' positions under their rows' locks and keeps its events at
// those positions (live_events), so in a channel positions follow commit order and the backlog survives anything
// Redis does. A subscription `after` a position replays from here what came after it; the backlog keeps the newest
// LIVE_BACKLOG_MAX_EVENTS events of a channel within the last LIVE_BACKLOG_MAX_AGE_MIN minutes, and a position it
// no longer reaches gets RESYNC. Subscriptions asking the same of one channel at once share one read (shared-reads.ts).
import type { Db } from '../db/client.js';
import {
  currentPosition, dropEventsOlderThan, dropEventsUpTo, findBacklog, firstWaiting, insertOutboxRaiseAndKeep, raiseAndKeep,
  readablePosition, type ChannelKind, type OutboxValues, type RaisedChannel,
} from '../data/live-events.data.js';
import type { Logger } from '../logger.js';
import type { LiveEvent, PositionedEvent } from './live-event.js';
import { SharedReads } from './shared-reads.js';

/** The count bound is kept by the writer every this many positions of a channel, a bounded range at a time. */
const DROP_EVERY = 100;
/** Events read per backlog query. */
const READ_LIMIT = 500;

export interface BacklogLimits {
  /** Events kept per channel (LIVE_BACKLOG_MAX_EVENTS). Defaults to 1000. */
  maxEvents: number;
  /** How long an event is kept, in seconds (LIVE_BACKLOG_MAX_AGE_MIN × 60). Defaults to 3600. */
  maxAgeS: number;
}

export const DEFAULT_BACKLOG_LIMITS: BacklogLimits = { maxEvents: 1000, maxAgeS: 3600 };

/**
 * Inside the writing transaction: gives each event its position (after the commit of every earlier writer of its
 * channel, whose row lock this transaction waited for) and keeps it in the backlog. `outbox`: the row whose cache
 * effects must be applied before the event may be replayed: its id, or its values to write with the first channel's
 * statement (one round trip fewer), or null (none). Returns the positioned events and the outbox row's id.
 */
export async function recordEvents(
  tx: Db, events: readonly LiveEvent[], outbox: number | OutboxValues | null, maxEvents: number,
): Promise<{ events: PositionedEvent[]; outboxId: number | null }> {
  const groups = new Map<string, LiveEvent[]>();
  for (const event of events) {
    const key = `${event.topic === 'thread' ? 0 : 1}:${event.slug}`; // threads first, then categories, each by slug
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  const positioned = new Map<LiveEvent, PositionedEvent>();
  // An outbox row still to write goes with the first channel's statement.
  let outboxId = typeof outbox === 'number' ? outbox : null;
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!;
    let raised: RaisedChannel | null;
    if (outbox !== null && typeof outbox === 'object' && outboxId === null) {
      ({ outboxId, raised } = await insertOutboxRaiseAndKeep(tx, outbox, group[0]!.topic, group[0]!.slug, group));
    } else {
      raised = await raiseAndKeep(tx, group[0]!.topic, group[0]!.slug, group, outboxId);
    }
    if (!raised) continue; // a slug with no row: nothing to position (not reached by the services)
    group.forEach((event, i) => positioned.set(event, { ...event, channel: raised.channel, seq: raised.seqs[i]! }));
    const after = raised.seqs.at(-1)!;
    const before = after - group.length;
    if (after > maxEvents && Math.floor(after / DROP_EVERY) > Math.floor(before / DROP_EVERY)) {
      await dropEventsUpTo(tx, raised.channel, after - maxEvents - 2 * DROP_EVERY, after - maxEvents);
    }
  }
  return { events: events.flatMap((event) => positioned.get(event) ?? []), outboxId };
}

/** What a subscriber after a position gets from the backlog now. */
export type Replay =
  /** The readable events after the position, in order (readable: applied, so a page fetched now shows them). */
  | { reached: true; events: PositionedEvent[]; more: boolean }
  /** The backlog no longer reaches the position (or it names no position of this channel): refetch; go on from `resumeAt`. */
  | { reached: false; resumeAt: number };

export class Backlog {
  private readonly pruner: NodeJS.Timeout | undefined;
  private readonly positions = new SharedReads<number | null>();
  private readonly replays = new SharedReads<Replay>();

  constructor(
    private readonly db: Db,
    readonly limits: BacklogLimits,
    private readonly logger: Logger,
    /** How often events past the age bound are dropped. Defaults to 30 s; 0 disables. */
    pruneMs = 30_000,
  ) {
    if (pruneMs > 0) {
      this.pruner = setInterval(() => void this.prune(), pruneMs);
      this.pruner.unref();
    }
  }

  /**
   * The channel's position now (read after this call: shared only with callers that asked before the read was sent);
   * null when it names nothing.
   */
  current(channel: string): Promise<number | null> {
    return this.positions.read(channel, () => currentPosition(this.db, channel));
  }

  /** A thread's or category's channel and the position up to which every event is readable; null: no such slug. */
  readable(kind: ChannelKind, slug: string) {
    return readablePosition(this.db, kind, slug);
  }

  /**
   * The events after `after` in `channel` (see Replay), read after this call. Callers asking after the same position
   * share the read and its events (the same objects: do not change them).
   */
  since(channel: string, after: number): Promise<Replay> {
    return this.replays.read(`${channel}|${after}`, () => this.read(channel, after));
  }

  private async read(channel: string, after: number): Promise<Replay> {
    const current = await currentPosition(this.db, channel);
    if (current === null) return { reached: true, events: [], more: false };
    if (after === current) return { reached: true, events: [], more: false };
    const gone = async (): Promise<Replay> => ({ reached: false, resumeAt: await this.resumePoint(channel, current) });
    if (after > current || after < current - this.limits.maxEvents) return gone();
    const rows = await findBacklog(this.db, channel, after, READ_LIMIT, this.limits.maxAgeS);
    if (rows[0]?.seq !== after + 1) return gone();
    const events = rows.filter((r) => r.readable).map((r) => ({ ...(r.event as PositionedEvent), channel, seq: r.seq }));
    return { reached: true, events, more: rows.length === READ_LIMIT };
  }

  /** Drops events past the age bound, in batches (the writer keeps the count bound). */
  async prune(): Promise<void> {
    try {
      for (let i = 0; i < 20; i++) if (await dropEventsOlderThan(this.db, this.limits.maxAgeS, 1000) < 1000) return;
    } catch (error) {
      this.logger.warn({ err: error }, 'live: could not drop old events from the backlog; will retry');
    }
  }

  close(): void {
    if (this.pruner) clearInterval(this.pruner);
  }

  /** After a RESYNC a subscription goes on from the last position a page fetched now is sure to show. */
  private async resumePoint(channel: string, current: number): Promise<number> {
    const waiting = await firstWaiting(this.db, channel);
    return waiting === null ? current : Math.min(current, waiting - 1);
  }
}
