// One subscription's events in position order, without a gap (README "Live updates"). Events reach a process on the
// bus in the order their writers announced them, which across processes need not be commit order, and pub/sub keeps
// nothing while a connection is down. The feed keeps the last position it handed on and passes on only the next one;
// an event that comes early waits, and a hole that stays (an event announced elsewhere while this process's connection
// was down, or by a writer that died between applying and announcing) is filled from the backlog. A position the
// backlog no longer reaches gives RESYNC, with the position the subscription goes on from.
import type { Backlog } from './backlog.js';
import type { Delivery } from './live-bus.js';
import type { PositionedEvent } from './live-event.js';

export interface OrderedFeedOptions {
  channel: string;
  backlog: Backlog;
  /** Hands an event on to the subscriber (its bounded stream). */
  emit: (event: PositionedEvent) => void;
  /** The RESYNC event of this subscription at a position. */
  resync: (seq: number) => PositionedEvent;
  /** How long a hole may stay before the backlog is asked. Defaults to 100 ms (doubling up to 2 s while it stays). */
  holeWaitMs?: number;
  onError?: (error: unknown) => void;
}

export class OrderedFeed {
  /** The last position handed on; null until start() has read where to begin. */
  private last: number | null = null;
  private readonly early: PositionedEvent[] = [];
  private readonly waiting = new Map<number, PositionedEvent>();
  private catching = false;
  private catchAgain = false;
  private holeTimer: NodeJS.Timeout | undefined;
  private holeWait: number;
  private closed = false;

  constructor(private readonly options: OrderedFeedOptions) {
    this.holeWait = options.holeWaitMs ?? 100;
  }

  /**
   * Starts after `after` (replaying the backlog from there), or, with null, after the channel's position now. Call
   * once this process's listener is in place, so that nothing announced from now on can pass unseen.
   */
  async start(after: number | null): Promise<void> {
    const from = after ?? await this.options.backlog.current(this.options.channel) ?? 0;
    if (this.closed) return;
    this.last = from;
    for (const event of this.early.splice(0)) this.accept(event);
    if (after !== null) await this.catchUp();
  }

  /** What the bus delivers to this subscription. */
  deliver(delivery: Delivery): void {
    if (this.closed) return;
    if (delivery === 'lost') return void this.catchUp();
    if (delivery === 'resync') {
      if (this.last !== null) this.options.emit(this.options.resync(this.last));
      return;
    }
    if (delivery.channel !== this.options.channel || typeof delivery.seq !== 'number') return;
    if (this.last === null) this.early.push(delivery);
    else this.accept(delivery);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.holeTimer);
    this.waiting.clear();
  }

  private accept(event: PositionedEvent) {
    if (event.seq <= this.last!) return; // already handed on (a repeat from the backlog, or announced twice)
    this.waiting.set(event.seq, event);
    this.drain();
  }

  private drain() {
    for (let next = this.waiting.get(this.last! + 1); next; next = this.waiting.get(this.last! + 1)) {
      this.waiting.delete(next.seq);
      this.last = next.seq;
      this.holeWait = this.options.holeWaitMs ?? 100;
      this.options.emit(next);
      if (this.closed) return;
    }
    if (this.waiting.size === 0) {
      clearTimeout(this.holeTimer);
      this.holeTimer = undefined;
    } else {
      this.askLater();
    }
  }

  private askLater() {
    if (this.holeTimer || this.closed) return;
    this.holeTimer = setTimeout(() => {
      this.holeTimer = undefined;
      this.holeWait = Math.min(this.holeWait * 2, 2000);
      void this.catchUp();
    }, this.holeWait);
    this.holeTimer.unref();
  }

  /** Reads the backlog after the last position; its readable events join the waiting ones. */
  private async catchUp(): Promise<void> {
    if (this.last === null || this.closed) return;
    if (this.catching) {
      this.catchAgain = true;
      return;
    }
    this.catching = true;
    try {
      do {
        this.catchAgain = false;
        const from = this.last;
        const replay = await this.options.backlog.since(this.options.channel, this.last);
        if (this.closed) return;
        if (!replay.reached) {
          this.last = replay.resumeAt;
          for (const seq of this.waiting.keys()) if (seq <= replay.resumeAt) this.waiting.delete(seq);
          this.options.emit(this.options.resync(replay.resumeAt));
        } else {
          for (const event of replay.events) if (event.seq > this.last) this.waiting.set(event.seq, event);
        }
        this.drain();
        if (replay.reached && replay.more && this.last > from) this.catchAgain = true;
      } while (this.catchAgain && !this.closed);
    } catch (error) {
      this.options.onError?.(error);
      this.askLater(); // the database is away: ask again
    } finally {
      this.catching = false;
    }
  }
}
