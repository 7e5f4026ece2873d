// The history of operations as the clients saw them: each mutation's real-time window (sent → answer received)
// and effect, the committed state (every mutation whose answer was received, applied in that order), and each
// read's window with the state committed when it started and the mutations that overlapped it.
//
// Soundness rests on one rule of the workload: two mutations whose order matters (the same thread's update or
// delete, the same post's edit or delete, the same category's update) never overlap in time. Overlapping ones
// commute, so applying completed mutations in completion order yields the database's state.
import { apply, emptyState, type Effect, type State } from './model.js';

export type Status = 'running' | 'ok' | 'failed' | 'unknown';

export interface MutationRecord {
  seq: number;
  name: string;
  start: number;
  end: number;
  status: Status;
  effect: Effect | null;
  /** Threads it changes (slugs), and scope tags: `c:slug` (a category's threads), `cat:slug`, `tree`. */
  threads: string[];
  scopes: string[];
  /** The end of the earliest read that showed this mutation's effect (evidence it had taken effect by then). */
  observedAt: number;
}

export interface ReadWindow {
  start: number;
  end: number;
  /** The committed state when the read was sent. */
  state: State;
  inflight: MutationRecord[];
  firstSeq: number;
  lastSeq: number;
}

export class History {
  committed: State = emptyState();
  readonly log: MutationRecord[] = [];
  private readonly running = new Set<MutationRecord>();
  private readonly settleListeners: (() => void)[] = [];
  unknownOutcomes = 0;

  onSettle(listener: () => void) {
    this.settleListeners.push(listener);
  }

  begin(name: string, threads: string[] = [], scopes: string[] = []): MutationRecord {
    const record: MutationRecord = {
      seq: this.log.length, name, start: performance.now(), end: Infinity, status: 'running', effect: null,
      threads, scopes, observedAt: Infinity,
    };
    this.log.push(record);
    this.running.add(record);
    return record;
  }

  /** The answer arrived: ok with its effect, or failed (a coded error: it changed nothing). */
  finish(record: MutationRecord, effect: Effect | null, extra: { threads?: string[]; scopes?: string[] } = {}) {
    record.end = performance.now();
    record.status = effect ? 'ok' : 'failed';
    record.effect = effect;
    if (extra.threads) record.threads.push(...extra.threads);
    if (extra.scopes) record.scopes.push(...extra.scopes);
    if (effect) this.committed = apply(this.committed, effect);
    this.settle(record);
  }

  /** No answer (transport failure): it may or may not have taken effect. The model cannot follow it past here. */
  lose(record: MutationRecord) {
    record.end = performance.now();
    record.status = 'unknown';
    this.unknownOutcomes++;
    this.settle(record);
  }

  private settle(record: MutationRecord) {
    this.running.delete(record);
    for (const listener of this.settleListeners) listener();
  }

  openRead(): ReadWindow {
    return {
      start: performance.now(), end: Infinity, state: this.committed, inflight: [...this.running],
      firstSeq: this.log.length, lastSeq: -1,
    };
  }

  closeRead(window: ReadWindow) {
    window.end = performance.now();
    window.lastSeq = this.log.length;
  }

  /** Mutations that overlapped the read, once every one of them has an answer; null while some have none. */
  overlapping(window: ReadWindow): MutationRecord[] | null {
    const all = [...window.inflight, ...this.log.slice(window.firstSeq, window.lastSeq)];
    if (all.some((r) => r.status === 'running')) return null;
    return all.sort((a, b) => a.seq - b.seq);
  }
}
