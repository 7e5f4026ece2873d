// Rendering off the event loop: a small pool of worker threads, each rendering one body at a time, with a CPU
// budget per render. A render past its budget (a Markdown bomb: deep nesting, huge tables, link floods) has its
// worker terminated and replaced, and is refused; requests on the main thread never wait for a render's CPU.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Mentionable } from './mentions.js';
import { RenderLimitError, renderPost, type RenderedPost } from './render.js';
import type { RenderJob, RenderReply } from './render-worker.js';
import { threadCpuMs } from './thread-cpu.js';

/** Rendering one body may use at most this much CPU (docs/api.md, "Markdown"). */
export const RENDER_CPU_BUDGET_MS = 100;

/**
 * Bodies up to this many characters render on the calling thread. Sending one to a worker costs more than rendering
 * it (the message there and back, waking the worker, reading its CPU clock: about a millisecond, and a turn of the
 * event loop each way under load), and at this size nothing can be slow: the Markdown bombs of the fault suite cut to
 * 1,000 characters take at most about 2 ms here (the worst, a table of short rows), far under the budget. Most
 * replies are this short.
 */
export const INLINE_RENDER_MAX_CHARS = 1000;

export interface RenderCost { cpuMs: number | null; wallMs: number }

/** What services render with: a body and the users it may mention, to sanitized HTML, text and mentions. */
export interface Renderer {
  render(body: string, mentionable: ReadonlyMap<string, Mentionable>): Promise<RenderedPost & RenderCost>;
}

interface Pending {
  job: RenderJob;
  resolve: (rendered: RenderedPost & RenderCost) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<number | null>;
  current: Pending | null;
  timer: NodeJS.Timeout | null;
}

// Sources run the worker's TypeScript through the same loader as the process (development, tests); the build runs
// its JavaScript.
const fromSources = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSources ? './render-worker.ts' : './render-worker.js', import.meta.url);
const workerArgv = fromSources ? ['--import', '@swc-node/register/esm-register', '--enable-source-maps'] : ['--enable-source-maps'];

export class RenderPool implements Renderer {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size = Math.min(2, availableParallelism()),
    private readonly budgetMs = RENDER_CPU_BUDGET_MS,
    private readonly inlineMaxChars = INLINE_RENDER_MAX_CHARS,
  ) {}

  /** Worker threads running now (started by a render of a longer body, or by start()). */
  get workers(): number {
    return this.slots.length;
  }

  render(body: string, mentionable: ReadonlyMap<string, Mentionable>): Promise<RenderedPost & RenderCost> {
    if (this.closed) return Promise.reject(new Error('render pool is closed'));
    if (body.length <= this.inlineMaxChars) return renderHere(body, mentionable);
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, body, mentionable: [...mentionable] }, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Starts the workers now rather than on the first render (a worker loads and warms up its parser first, which takes
   * a moment the first writer should not wait for). Idempotent.
   */
  start(): void {
    while (!this.closed && this.slots.length < this.size) this.spawn();
  }

  /** Terminates the workers; renders still queued are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('render pool is closed'));
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot, new Error('render pool is closed'))));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.current === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.current = pending;
      slot.worker.ref(); // a CLI (the backfill) must not exit while a render is under way
      void this.begin(slot, pending);
    }
  }

  private async begin(slot: Slot, pending: Pending): Promise<void> {
    const tid = await slot.ready;
    if (slot.current !== pending) return; // the worker died before it was ready; the job was re-queued
    const cpuAtStart = tid === null ? null : threadCpuMs(tid);
    const startedAt = performance.now();
    // Checked when the budget could have been used up, then again as long as the CPU used says it was not.
    const check = (): void => {
      const used = cpuAtStart === null ? performance.now() - startedAt : (threadCpuMs(tid!) ?? Infinity) - cpuAtStart;
      if (used >= this.budgetMs) {
        void this.retire(slot, overBudget(this.budgetMs));
        return;
      }
      slot.timer = setTimeout(check, Math.max(5, this.budgetMs - used));
    };
    slot.timer = setTimeout(check, this.budgetMs);
    slot.worker.postMessage(pending.job);
  }

  private spawn(): Slot {
    const worker = new Worker(workerUrl, { execArgv: workerArgv });
    let announce!: (tid: number | null) => void;
    const slot: Slot = { worker, ready: new Promise((resolve) => { announce = resolve; }), current: null, timer: null };
    worker.on('message', (reply: RenderReply) => {
      if (reply.type === 'ready') {
        announce(reply.tid);
        return;
      }
      const pending = slot.current;
      if (!pending || pending.job.id !== reply.id) return;
      this.finish(slot);
      if (reply.type === 'done') {
        const { type: _type, id: _id, ...rendered } = reply;
        // The budget holds also when the timer could not fire in time (a busy event loop): the worker measured it.
        if (rendered.cpuMs !== null && rendered.cpuMs >= this.budgetMs) pending.reject(overBudget(this.budgetMs));
        else pending.resolve(rendered);
      } else if (reply.type === 'refused') {
        pending.reject(new RenderLimitError(reply.message));
      } else {
        pending.reject(new Error(`render failed: ${reply.message}`));
      }
      this.dispatch();
    });
    worker.on('error', (error) => void this.retire(slot, error));
    worker.on('exit', () => {
      // An exit this pool did not ask for: its job fails, and the next render gets a new worker.
      if (this.slots.includes(slot)) void this.retire(slot, new Error('render worker exited'));
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.current = null;
    slot.worker.unref();
  }

  /** Ends a worker (over budget, crashed, closing): its job is rejected with `reason`, queued jobs go to others. */
  private async retire(slot: Slot, reason: Error): Promise<void> {
    const pending = slot.current;
    this.finish(slot);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    pending?.reject(reason);
    await slot.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}

const overBudget = (budgetMs: number) => new RenderLimitError(
  `body takes more than ${budgetMs} ms of CPU to render: simplify it (less nesting, smaller tables, fewer links)`);

let shared: RenderPool | null = null;

/** The process's pool, created on first use; its idle workers do not keep the process alive. */
export function sharedRenderPool(): RenderPool {
  shared ??= new RenderPool();
  return shared;
}

/** A short body, rendered on the calling thread (INLINE_RENDER_MAX_CHARS); its limits are refused as in a worker. */
function renderHere(body: string, mentionable: ReadonlyMap<string, Mentionable>): Promise<RenderedPost & RenderCost> {
  const started = performance.now();
  try {
    const rendered = renderPost(body, mentionable);
    return Promise.resolve({ ...rendered, cpuMs: null, wallMs: performance.now() - started });
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
