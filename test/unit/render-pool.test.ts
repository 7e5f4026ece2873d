// Rendering off the event loop (src/render/render-pool.ts): worker threads render what renderPost renders, a render
// over its CPU budget is refused and its worker replaced, and the event loop keeps serving while workers render.
// Short bodies render on the calling thread, the same way. Pools that test the workers send them every body (inline 0).
import { afterAll, describe, expect, it } from 'vitest';
import { INLINE_RENDER_MAX_CHARS, RenderPool } from '../../src/render/render-pool.js';
import { RenderLimitError, renderPost } from '../../src/render/render.js';

/** 3,300 table rows: ordinary Markdown, under 20,000 characters and 500 KB of HTML, and tens of ms of CPU to render. */
const BIG_TABLE = `|a|b|\n|-|-|\n${'|x|y|\n'.repeat(3300)}`;

describe('RenderPool', () => {
  const pool = new RenderPool(2, undefined, 0);
  // A budget BIG_TABLE exceeds several times over, and a fresh worker's first small render (its warm-up included)
  // stays under, also on a busy machine.
  const tight = new RenderPool(1, 20, 0);
  // For what is not about the budget: on a busy machine BIG_TABLE can take more than the default 100 ms of CPU.
  const patient = new RenderPool(2, 10_000, 0);
  const usual = new RenderPool();
  afterAll(async () => {
    await pool.close();
    await tight.close();
    await patient.close();
    await usual.close();
  });

  it('renders a body of up to 1,000 characters on the calling thread, the same as a worker would, and a longer one in a worker', async () => {
    const mentionable = new Map([['alice', { id: 7, username: 'Alice' }]]);
    const short = `Thanks @alice, **that worked**. ${'x'.repeat(INLINE_RENDER_MAX_CHARS)}`.slice(0, INLINE_RENDER_MAX_CHARS);
    const here = await usual.render(short, mentionable);
    expect(usual.workers).toBe(0);
    const there = await pool.render(short, mentionable);
    expect({ ...here, cpuMs: 0, wallMs: 0 }).toEqual({ ...there, cpuMs: 0, wallMs: 0 });
    await expect(usual.render(`${'>'.repeat(60)} deep`, new Map())).rejects.toBeInstanceOf(RenderLimitError);
    const long = `${short}\n\nand one more line.`;
    expect((await usual.render(long, mentionable)).html).toBe(renderPost(long, mentionable).html);
    expect(usual.workers).toBeGreaterThan(0);
  });

  it('renders in a worker exactly what renderPost renders, with the mentions given, and reports the cost', async () => {
    const mentionable = new Map([['alice', { id: 7, username: 'Alice' }]]);
    const body = '# Hi @alice\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>x</script>';
    const rendered = await pool.render(body, mentionable);
    const direct = renderPost(body, mentionable);
    expect({ html: rendered.html, text: rendered.text, mentionIds: rendered.mentionIds, version: rendered.version }).toEqual(direct);
    expect(rendered.wallMs).toBeGreaterThan(0);
  });

  it('refuses a render past its CPU budget, says so, and renders the next body with a fresh worker', { timeout: 60_000 }, async () => {
    expect(BIG_TABLE.length).toBeLessThanOrEqual(20_000);
    const refused = await tight.render(BIG_TABLE, new Map()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RenderLimitError);
    expect((refused as Error).message).toMatch(/more than 20 ms of CPU/);
    expect((await tight.render('still *working*', new Map())).html).toBe('<p>still <em>working</em></p>');
  });

  it('reports bounds the worker enforces (HTML size) as refusals, not as failures', async () => {
    const linkBomb = `[a]: https://example.com/${'x'.repeat(900)}\n\n${'[a] '.repeat(4700)}`;
    await expect(pool.render(linkBomb, new Map())).rejects.toThrow(/500 KB of HTML/);
  });

  it('keeps the event loop serving while bodies render (rendering on it would not let a timer fire)', async () => {
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 1);
    try {
      // On the event loop: no timer can fire during a synchronous render.
      const before = ticks;
      renderPost(BIG_TABLE);
      expect(ticks).toBe(before);
      // In the pool: the same work, five times over, while the timer keeps firing.
      const during = ticks;
      for (let i = 0; i < 5; i++) await patient.render(BIG_TABLE, new Map());
      expect(ticks - during).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
  });

  it('rejects renders after close, and those still queued', async () => {
    const closing = new RenderPool(1, undefined, 0);
    const queued = [closing.render(BIG_TABLE, new Map()), closing.render('x', new Map())];
    const settling = Promise.allSettled(queued);
    await closing.close();
    const settled = await settling;
    expect(settled.map((r) => r.status === 'rejected' && String(r.reason))).toEqual([
      'Error: render pool is closed', 'Error: render pool is closed',
    ]);
    await expect(closing.render('x', new Map())).rejects.toThrow(/closed/);
  });
});
