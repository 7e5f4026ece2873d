// How events reach subscribers: a bus publishes announcements (src/live/live-event.ts) and delivers them to the
// listeners of their topic in every process. One backend per file: in process (MemoryBus, below) when there is no
// Redis, Redis pub/sub across processes (redis-bus.ts). The layer above talks only to LiveBus.
import { topicOf, type Announcement, type PositionedEvent } from './live-event.js';

/**
 * An event; 'resync': every page must refetch (the cache was cleared after manual database edits); 'lost': this
 * process's event connection was down and events may have been missed: subscribers catch up from the backlog.
 */
export type Delivery = PositionedEvent | 'resync' | 'lost';
export type Listener = (delivery: Delivery) => void;

export interface LiveBus {
  /** Publishes after the change is readable (the outbox calls it after applying). Never throws. */
  announce(announcement: Announcement): Promise<void>;
  /** Listens to one topic (topicOf) in this process; returns the function that stops listening. */
  listen(topic: string, listener: Listener): () => void;
  /** Listeners of a topic in this process (metrics and tests). */
  listenerCount(topic: string): number;
  /** Resolves once every listen so far takes effect (Redis has confirmed the SUBSCRIBEs sent before). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** This process's listeners by topic. A listener that throws is that listener's problem, never the publisher's. */
export class LocalFanout {
  private readonly topics = new Map<string, Set<Listener>>();

  /** True when this is the topic's first listener (a Redis bus then subscribes to its channel). */
  add(topic: string, listener: Listener): boolean {
    const set = this.topics.get(topic);
    if (set) {
      set.add(listener);
      return false;
    }
    this.topics.set(topic, new Set([listener]));
    return true;
  }

  /** True when the topic has no listener left. */
  remove(topic: string, listener: Listener): boolean {
    const set = this.topics.get(topic);
    if (!set?.delete(listener) || set.size > 0) return false;
    this.topics.delete(topic);
    return true;
  }

  deliver(event: PositionedEvent): void {
    for (const listener of [...this.topics.get(topicOf(event)) ?? []]) safely(listener, event);
  }

  /** Tells every listener of this process: 'resync' (refetch) or 'lost' (catch up). */
  all(delivery: 'resync' | 'lost'): void {
    for (const set of [...this.topics.values()]) for (const listener of [...set]) safely(listener, delivery);
  }

  get size(): number { return this.topics.size; }

  /** The topics that have a listener now. */
  topicNames(): string[] { return [...this.topics.keys()]; }

  count(topic: string): number { return this.topics.get(topic)?.size ?? 0; }
}

function safely(listener: Listener, delivery: Delivery) {
  try {
    listener(delivery);
  } catch {
    // A subscriber's stream refusing an event closes that subscriber (event-stream.ts); others still get theirs.
  }
}

/** One process, no Redis: announcements go straight to this process's listeners. */
export class MemoryBus implements LiveBus {
  private readonly fanout = new LocalFanout();

  async announce({ events, resyncAll }: Announcement): Promise<void> {
    for (const event of events) this.fanout.deliver(event);
    if (resyncAll) this.fanout.all('resync');
  }

  listen(topic: string, listener: Listener): () => void {
    this.fanout.add(topic, listener);
    return () => void this.fanout.remove(topic, listener);
  }

  listenerCount(topic: string): number { return this.fanout.count(topic); }

  async settled(): Promise<void> {}

  async close(): Promise<void> {}
}
