// Samples reads for staleness while the mixed workload runs: pick a thread a write recently returned on, take
// what the completed writes reported (their responses read the database, uncached), then read the thread page
// (or its category's list) with the same bytes the load sends. A response showing less than that is stale:
// fewer posts, fewer reactions on the opening post, an older edit, an older newest activity in the list.
import { mulberry32 } from '../../src/seed/prng.js';
import { post, threadListBody, threadPageBody } from './queries.js';
import type { MixedWorkload } from './workload.js';

export interface ProbeCounts { probes: number; stale: number; errors: number }
export interface StaleReport { thread: ProbeCounts; list: ProbeCounts }

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : -Infinity);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class StaleProbe {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly random = mulberry32(99);
  readonly report: StaleReport = { thread: { probes: 0, stale: 0, errors: 0 }, list: { probes: 0, stale: 0, errors: 0 } };

  constructor(private readonly url: string, private readonly workload: MixedWorkload) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<StaleReport> {
    this.running = false;
    await this.loop;
    return this.report;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const write = this.workload.recentWrite(this.random);
      if (!write) await pause(20);
      else if (write.kind === 'createPost' && this.random() < 0.5) await this.probeList(write.thread.categorySlug);
      else await this.probeThread(write.thread.slug);
      await pause(5);
    }
  }

  private async probeThread(slug: string): Promise<void> {
    const counts = this.report.thread;
    const expected = this.workload.expectationFor(slug);
    if (!expected) return;
    const thread = await post(this.url, threadPageBody(slug)).then((r) => r.json.data?.thread, () => undefined);
    counts.probes++;
    if (!thread) {
      counts.errors++;
      return;
    }
    const first = thread.posts.nodes[0];
    const reactions = first.reactionCounts.like + first.reactionCounts.helpful + first.reactionCounts.love;
    if (thread.postCount < expected.postCount || reactions < expected.firstPostReactions
      || time(first.editedAt) < expected.firstPostEditedAt || time(thread.lastActivityAt) < expected.lastActivityAt) {
      counts.stale++;
    }
  }

  private async probeList(categorySlug: string): Promise<void> {
    const counts = this.report.list;
    const expected = this.workload.categoryExpectation(categorySlug);
    if (expected === null) return;
    const nodes = await post(this.url, threadListBody(categorySlug))
      .then((r) => r.json.data?.threads?.nodes as { isPinned: boolean; lastActivityAt: string }[] | undefined, () => undefined);
    counts.probes++;
    if (!nodes) {
      counts.errors++;
      return;
    }
    // Each group newest first (workload.ts, CategoryExpectation); a page of pinned threads only cannot show the others.
    const newest = (pinned: boolean) => Math.max(...nodes.filter((n) => n.isPinned === pinned).map((n) => time(n.lastActivityAt)));
    const pageOfPinned = nodes.length > 0 && nodes.every((n) => n.isPinned);
    if (newest(true) < expected.pinned || (!pageOfPinned && newest(false) < expected.unpinned)) counts.stale++;
  }
}
