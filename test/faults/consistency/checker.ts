// Checks each read against the model once every mutation that overlapped it has answered. A read is split into
// groups (one per value that the server computes from one database snapshot: a title, a count, a list's order);
// a group passes when some linearization admits its value: the state committed when the read started, plus a
// subset of the overlapping mutations closed under real-time order (a mutation that ended before another began
// is in whenever the later one is). So a value may reflect a mutation still in flight, but never miss one whose
// answer had arrived before the read was sent: that is a stale read.
import { apply, type State } from './model.js';
import type { History, MutationRecord, ReadWindow } from './history.js';

export interface Group {
  name: string;
  relevant(record: MutationRecord): boolean;
  holds(state: State): boolean;
  /** What the read showed and what the committed state says, for the report of a failure. */
  describe(state: State): string;
}

export interface ReadCheck {
  label: string;
  window: ReadWindow;
  /** Built once the overlapping mutations are known. */
  groups(state: State, overlapping: MutationRecord[]): Group[];
  /** Mutations whose effect this read showed uniquely (a title, a body, a slug): later reads must show them too. */
  evidence?(overlapping: MutationRecord[]): MutationRecord[];
  /** Checks outside the model (viewCount never going down, viewer fields of the anonymous); returns failures. */
  extra?(): string[];
}

/** Past this many overlapping mutations relevant to one value, the value is not checked (counted as ambiguous). */
export const MAX_RELEVANT = 11;

export class Checker {
  private pending: ReadCheck[] = [];
  /**
   * ambiguous: values left unchecked, of which ambiguousUnanswered were read while a mutation that got no answer ran
   * (each such read counts once, whatever it showed) and ambiguousCrowded had more than MAX_RELEVANT overlapping
   * mutations bearing on them.
   */
  readonly stats = {
    reads: 0, mutationsChecked: 0, stale: 0, groups: 0, ambiguous: 0, ambiguousUnanswered: 0, ambiguousCrowded: 0,
    inflightRegressions: 0, extraFailures: 0,
  };
  readonly failures: string[] = [];
  /** When each stale read started (epoch milliseconds), to find the servers' log lines around it. */
  readonly staleTimes: number[] = [];

  constructor(private readonly history: History) {
    history.onSettle(() => this.drain());
  }

  submit(check: ReadCheck) {
    this.pending.push(check);
    this.drain();
  }

  /** A mutation's own answer, checked against what it asked for (read-your-writes inside one request). */
  mutationAnswer(label: string, problems: string[]) {
    this.stats.mutationsChecked++;
    if (problems.length > 0) this.fail(`${label}: ${problems.join('; ')}`);
  }

  get waiting() { return this.pending.length; }

  private drain() {
    const ready: { check: ReadCheck; overlapping: MutationRecord[] }[] = [];
    const still: ReadCheck[] = [];
    for (const check of this.pending) {
      const overlapping = this.history.overlapping(check.window);
      if (overlapping) ready.push({ check, overlapping });
      else still.push(check);
    }
    this.pending = still;
    // In order of their ends, so the evidence of an earlier read is in place for the reads after it.
    ready.sort((a, b) => a.check.window.end - b.check.window.end);
    for (const { check, overlapping } of ready) this.run(check, overlapping);
  }

  private run(check: ReadCheck, all: MutationRecord[]) {
    this.stats.reads++;
    if (all.some((r) => r.status === 'unknown')) {
      this.stats.ambiguous++;
      this.stats.ambiguousUnanswered++;
      return;
    }
    const overlapping = all.filter((r) => r.status === 'ok');
    const { window } = check;
    const problems: string[] = [];
    for (const group of check.groups(window.state, overlapping)) {
      this.stats.groups++;
      const relevant = withCreators(overlapping.filter((r) => group.relevant(r)), overlapping);
      if (relevant.length > MAX_RELEVANT) {
        this.stats.ambiguous++;
        this.stats.ambiguousCrowded++;
        continue;
      }
      const forced = new Set(relevant.filter((r) => r.observedAt < window.start));
      if (satisfiable(window.state, relevant, forced, group.holds)) continue;
      if (forced.size > 0 && satisfiable(window.state, relevant, new Set(), group.holds)) {
        // Shows an older value than an earlier read did, but only of a mutation still in flight: docs/api.md's
        // freshness binds mutations that have returned, so this is reported, not failed.
        this.stats.inflightRegressions++;
        continue;
      }
      problems.push(`${group.name}: ${group.describe(window.state)}`
        + (relevant.length ? ` [overlapping: ${relevant.map((r) => `${r.name}#${r.seq}`).join(', ')}]` : '')
        + (problems.length === 0 ? this.context(window, group) : ''));
    }
    const extra = check.extra?.() ?? [];
    this.stats.extraFailures += extra.length;
    problems.push(...extra);
    if (problems.length > 0) this.fail(`${check.label}: ${problems.join(' | ')}`);
    for (const record of check.evidence?.(overlapping) ?? []) {
      record.observedAt = Math.min(record.observedAt, window.end);
    }
  }

  /**
   * Where a stale value came from, for the log of a run whose folder is gone (CI): when the read ran, and the last
   * mutations relevant to the value that had answered before it started (the ones it should have shown).
   */
  private context(window: ReadWindow, group: Group): string {
    const at = new Date(performance.timeOrigin + window.start).toISOString();
    const before = this.history.log
      .filter((r) => r.status === 'ok' && r.end < window.start && group.relevant(r))
      .sort((a, b) => b.end - a.end).slice(0, 3)
      .map((r) => `${r.name}#${r.seq} answered ${Math.round(window.start - r.end)} ms before, took ${Math.round(r.end - r.start)} ms`);
    this.staleTimes.push(performance.timeOrigin + window.start);
    return ` {read at ${at}, took ${Math.round(window.end - window.start)} ms; last relevant before it: ${before.join(', ') || 'none'}}`;
  }

  private fail(message: string) {
    this.stats.stale++;
    if (this.failures.length < 50) this.failures.push(message);
  }
}

/**
 * The relevant mutations, plus the overlapping createThread of any thread one of them acts on. A reply to a thread
 * created while the read ran is relevant to its author's profile, and its effect needs the thread: the thread's
 * creation, relevant to nothing the read shows, must be there to be applied before it (real-time order).
 */
export function withCreators(relevant: MutationRecord[], overlapping: MutationRecord[]): MutationRecord[] {
  const acted = new Set(relevant.flatMap((r) => r.threads));
  const chosen = new Set(relevant);
  return overlapping.filter((r) => chosen.has(r)
    || (r.effect?.kind === 'createThread' && acted.has(r.effect.thread.slug)));
}

/** Whether some subset of `records` (closed under real-time order, holding every forced one) makes holds() true. */
export function satisfiable(
  base: State, records: MutationRecord[], forced: ReadonlySet<MutationRecord>, holds: (s: State) => boolean,
): boolean {
  const n = records.length;
  const included = new Array<boolean>(n).fill(false);
  const before = records.map((b) => records.flatMap((a, i) => (a.end < b.start ? [i] : [])));
  const visit = (i: number, state: State): boolean => {
    if (i === n) return holds(state);
    const record = records[i]!;
    if (before[i]!.every((j) => included[j])) {
      included[i] = true;
      if (visit(i + 1, apply(state, record.effect!))) return true;
      included[i] = false;
    }
    return !forced.has(record) && visit(i + 1, state);
  };
  return visit(0, base);
}
