// The rendering backfill: renders every live post whose stored rendering is missing (rows from before rendering
// existed) or was made by an older renderer (RENDER_VERSION was raised: a sanitizer fix reaches every stored post).
// Start-up runs it in the background; `npm run render:backfill` runs it on its own. Idempotent: a row is written only
// while it is still stale and its body is the one rendered, so two runs at once, or an edit during a run, lose
// nothing. Each batch commits with its outbox row (posts.rerendered), which re-stamps the threads it touched.
import type { Db } from '../db/client.js';
import {
  countStaleRenderings, findStaleRenderings, storeRenderings, type StoredRendering,
} from '../data/posts.data.js';
import { findUsersByLowerNames } from '../data/users.data.js';
import type { Logger } from '../logger.js';
import { mentionCandidates, type Mentionable } from '../render/mentions.js';
import { plainRendering } from '../render/plain-rendering.js';
import { RENDER_VERSION, RenderLimitError } from '../render/render.js';
import type { Renderer } from '../render/render-pool.js';
import type { Mutations } from './mutation.js';

export interface BackfillSummary { total: number; rendered: number; plain: number; failed: number; ms: number }

export interface BackfillOptions {
  /** Posts read, rendered and written per batch (one transaction each). */
  batchSize?: number;
  /** How often progress is logged, in ms. */
  progressEveryMs?: number;
}

export class RenderBackfill {
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    private readonly renderer: Renderer,
    private readonly logger: Logger,
    private readonly options: BackfillOptions = {},
  ) {}

  /** Asks a running backfill to stop after its current batch (shutdown). */
  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<BackfillSummary> {
    const started = Date.now();
    const summary: BackfillSummary = { total: 0, rendered: 0, plain: 0, failed: 0, ms: 0 };
    summary.total = await countStaleRenderings(this.db, RENDER_VERSION);
    if (summary.total === 0) return summary;
    this.logger.info({ posts: summary.total, version: RENDER_VERSION }, `render backfill: ${summary.total} posts to render`);
    const batchSize = this.options.batchSize ?? 200;
    let lastLog = Date.now();
    let afterId = 0;
    while (!this.stopped) {
      const rows = await findStaleRenderings(this.db, RENDER_VERSION, afterId, batchSize);
      if (rows.length === 0) break;
      afterId = rows.at(-1)!.id;
      const rendered = await this.renderBatch(rows, summary);
      await this.mutations.run(async (tx) => {
        const written = await storeRenderings(tx, rendered);
        const threadSlugs = [...new Set(written.map((w) => w.threadSlug))];
        return { result: written.length, changes: threadSlugs.length > 0 ? [{ type: 'posts.rerendered' as const, threadSlugs }] : [] };
      });
      if (Date.now() - lastLog >= (this.options.progressEveryMs ?? 5000)) {
        lastLog = Date.now();
        const done = summary.rendered + summary.plain + summary.failed;
        this.logger.info({ done, posts: summary.total }, `render backfill: ${done} of ${summary.total} posts`);
      }
    }
    summary.ms = Date.now() - started;
    this.logger.info({ ...summary, stopped: this.stopped },
      `render backfill: ${this.stopped ? 'stopped' : 'done'}: ${summary.rendered} rendered, ${summary.plain} past the rendering bounds `
      + `(shown as text), ${summary.failed} failed, in ${(summary.ms / 1000).toFixed(1)} s`);
    return summary;
  }

  private async renderBatch(rows: { id: number; body: string }[], summary: BackfillSummary): Promise<StoredRendering[]> {
    const names = [...new Set(rows.flatMap((r) => mentionCandidates(r.body)))];
    const users = names.length === 0 ? [] : await findUsersByLowerNames(this.db, names);
    const byName = new Map<string, Mentionable>(users.map((u) => [u.username.toLowerCase(), u]));
    const out = await Promise.all(rows.map(async (row): Promise<StoredRendering | null> => {
      const mentionable = new Map(mentionCandidates(row.body).flatMap((n) => (byName.has(n) ? [[n, byName.get(n)!]] : [])));
      try {
        const r = await this.renderer.render(row.body, mentionable);
        summary.rendered++;
        return { id: row.id, body: row.body, bodyHtml: r.html, bodyText: r.text, mentionIds: r.mentionIds, renderVersion: r.version };
      } catch (error) {
        if (error instanceof RenderLimitError) {
          // A stored body past today's bounds still shows, as text; it is marked rendered so no run retries it.
          summary.plain++;
          this.logger.warn({ postId: row.id, reason: error.message }, 'render backfill: post shown as text');
          const plain = plainRendering(row.body);
          return { id: row.id, body: row.body, bodyHtml: plain.html, bodyText: plain.text, mentionIds: [], renderVersion: RENDER_VERSION };
        }
        // Left as it is (a later run retries it): the walk goes on past it.
        summary.failed++;
        this.logger.error({ postId: row.id, err: error }, 'render backfill: rendering failed');
        return null;
      }
    }));
    return out.filter((r): r is StoredRendering => r !== null);
  }
}
