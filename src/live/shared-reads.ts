// Reads that concurrent callers share, by key. A thousand subscriptions of one thread in a process ask the same thing
// at the same moment: where the channel stands when they start, and what the backlog holds after the same position
// when a hole stays (each feed's timer fires within a millisecond of the others'). One read answers them all.
//
// A caller never gets the answer of a read sent before it asked: that answer may predate the caller's reason to ask
// (its listener taking effect, an event becoming readable). So a read is sent at the end of the event-loop turn in
// which it was first asked for (every caller of that turn shares it), at most one read per key is in flight, and
// callers that ask meanwhile share the next one, sent once it has returned.

export class SharedReads<T> {
  private readonly running = new Map<string, Promise<T>>();
  private readonly next = new Map<string, Promise<T>>();

  /** load()'s answer, shared with every caller of the same key that asked before it was sent. */
  read(key: string, load: () => Promise<T>): Promise<T> {
    const queued = this.next.get(key);
    if (queued) return queued;
    const running = this.running.get(key);
    const next = (running ?? Promise.resolve()).then(noop, noop)
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        this.next.delete(key);
        return this.send(key, load);
      });
    this.next.set(key, next);
    return next;
  }

  private send(key: string, load: () => Promise<T>): Promise<T> {
    const reading = load();
    this.running.set(key, reading);
    const done = () => {
      if (this.running.get(key) === reading) this.running.delete(key);
    };
    reading.then(done, done);
    return reading;
  }
}

function noop() {}
