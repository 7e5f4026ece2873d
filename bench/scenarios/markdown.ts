// What Markdown costs (issue 19): rendering on write, for a 2 KB and a 20 KB body, as a mutation pays it (a round
// trip to a render worker) and as CPU (the render itself, in this thread); and a thread page miss with stored
// renderings against before (markdown-miss.ts: the page statement, and the whole server with its cache off).
import { RenderPool } from '../../src/render/render-pool.js';
import { renderPost } from '../../src/render/render.js';
import type { ServerSettings } from '../lib/servers.js';
import { percentile } from '../lib/workload.js';
import { measureMiss, type MissCost } from './markdown-miss.js';

export interface Percentiles { p50: number; p99: number }

export interface MarkdownCost {
  renders: number;
  /** Per body size: a render through the worker pool (what a mutation waits for) and in this thread (its CPU), ms. */
  write: { size: string; chars: number; htmlBytes: number; pool: Percentiles; inThread: Percentiles }[];
  /** A thread page miss with stored renderings against before (markdown-miss.ts). */
  miss: MissCost | null;
}

/** A realistic forum post of about `chars` characters: paragraphs, emphasis, links, a list, code and a table. */
export function sampleBody(chars: number): string {
  const blocks = [
    'Repot in **spring**, water when the top [inch of soil](https://example.com/soil) is dry, and keep it out of _direct_ sun.',
    '- check the roots for rot\n- use a gritty mix\n- pick a pot one size up',
    'I mist mine `daily` in winter. See www.example.org/humidity for a good write-up, or ask @someone.',
    '| plant | light | water |\n|:--|:-:|--:|\n| fern | low | weekly |\n| cactus | full | monthly |',
    '```\nwater = dry_weight * 1.1\n```',
    '> My pothos loved this ~~bright~~ medium spot.',
  ];
  let out = '';
  for (let i = 0; out.length < chars; i++) out += `${blocks[i % blocks.length]}\n\n`;
  return out.slice(0, chars);
}

const stats = (values: number[]): Percentiles => ({ p50: percentile(values, 50), p99: percentile(values, 99) });

async function measureWrite(renders: number): Promise<MarkdownCost['write']> {
  const pool = new RenderPool();
  pool.start();
  try {
    const sizes = [['2 KB', 2_000], ['20 KB', 20_000]] as const;
    const bodies = sizes.map(([, n]) => sampleBody(n));
    for (const body of bodies) for (let i = 0; i < 20; i++) await pool.render(body, new Map()); // warm-up
    const pooled: number[][] = bodies.map(() => []);
    const local: number[][] = bodies.map(() => []);
    for (let i = 0; i < renders; i++) {
      for (const [k, body] of bodies.entries()) {
        const t0 = performance.now();
        await pool.render(body, new Map());
        pooled[k]!.push(performance.now() - t0);
        const t1 = performance.now();
        renderPost(body);
        local[k]!.push(performance.now() - t1);
      }
    }
    return sizes.map(([size, chars], k) => ({
      size, chars, htmlBytes: Buffer.byteLength(renderPost(bodies[k]!).html), pool: stats(pooled[k]!), inThread: stats(local[k]!),
    }));
  } finally {
    await pool.close();
  }
}

export async function measureMarkdown(
  settings: ServerSettings, longThreadSlug: string | null, options: { renders: number; repeats: number; loadAverage: () => number },
): Promise<MarkdownCost> {
  const write = await measureWrite(options.renders);
  const miss = longThreadSlug === null ? null : await measureMiss(settings, longThreadSlug, options.repeats, options.loadAverage);
  return { renders: options.renders, write, miss };
}
