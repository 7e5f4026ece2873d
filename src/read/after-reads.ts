// A DataLoader batch schedule for what pages reveal (their authors): a batch waits until no page read of the request
// is under way, so the authors of a thread, of its page of posts and of a list's threads are read together, in one
// round trip, whatever order GraphQL resolves the fields in.

export class AfterReads {
  private pending = 0;
  private waiting: (() => void)[] = [];
  private flushQueued = false;

  /**
   * Runs a page read that may reveal more to load; batches wait for it. Call it when the read is requested (in the
   * resolver's synchronous part), so a batch started by a sibling field just before still waits.
   */
  track<T>(start: () => Promise<T>): Promise<T> {
    this.pending++;
    let read: Promise<T>;
    try {
      read = start();
    } catch (error) {
      this.settle();
      throw error;
    }
    return read.finally(() => this.settle());
  }

  /** DataLoader's batchScheduleFn. */
  readonly schedule = (dispatch: () => void): void => {
    this.waiting.push(dispatch);
    this.queueFlush();
  };

  private settle(): void {
    this.pending--;
    if (this.pending === 0) this.queueFlush();
  }

  /**
   * Dispatches after the promise jobs queued now have run, as DataLoader's own schedule does: the resolvers a settled
   * read lets run have made their loads (or started another read, which then holds the batch).
   */
  private queueFlush(): void {
    if (this.flushQueued || this.waiting.length === 0) return;
    this.flushQueued = true;
    void Promise.resolve().then(() => process.nextTick(() => {
      this.flushQueued = false;
      if (this.pending > 0) return; // the last read to settle queues the flush again
      const ready = this.waiting;
      this.waiting = [];
      for (const dispatch of ready) dispatch();
    }));
  }
}
