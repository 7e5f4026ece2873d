// One subscription's events as the async iterator graphql-js's subscribe consumes. Bounded: graphql-ws sends one
// event at a time and waits for the socket to take it, so a client that does not read makes the queue grow; past
// maxQueued the subscriber is dropped (onOverflow) rather than buffered without bound.
import type { PositionedEvent } from './live-event.js';

type Delivery = PositionedEvent;

export interface EventStreamOptions {
  maxQueued: number;
  /** The queue is full: the subscriber does not keep up. Called once. */
  onOverflow: () => void;
  /** Called once when the stream ends (the client completed, the socket closed, or it overflowed). */
  onEnd: () => void;
  /** Runs before each event is handed on (a fresh per-event reader, so nothing read for one event serves the next). */
  beforeEach?: () => void;
}

export class EventStream implements AsyncIterableIterator<Delivery> {
  private readonly queue: Delivery[] = [];
  private waiting: ((result: IteratorResult<Delivery>) => void) | null = null;
  private done = false;

  constructor(private readonly options: EventStreamOptions) {}

  push(delivery: Delivery): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      this.options.beforeEach?.();
      resolve({ value: delivery, done: false });
      return;
    }
    // A resync says "refetch everything": events queued before it add nothing.
    if (delivery.kind === 'RESYNC') this.queue.length = 0;
    this.queue.push(delivery);
    if (this.queue.length > this.options.maxQueued) {
      this.end();
      this.options.onOverflow();
    }
  }

  next(): Promise<IteratorResult<Delivery>> {
    const value = this.queue.shift();
    if (value !== undefined) {
      this.options.beforeEach?.();
      return Promise.resolve({ value, done: false });
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => { this.waiting = resolve; });
  }

  return(): Promise<IteratorResult<Delivery>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<Delivery>> {
    this.end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator]() { return this; }

  private end() {
    if (this.done) return;
    this.done = true;
    this.queue.length = 0;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.({ value: undefined, done: true });
    this.options.onEnd();
  }
}
