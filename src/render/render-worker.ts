// A render worker (render-pool.ts): renders the bodies it is sent, one at a time, and tells the pool its thread id
// so the pool can read how much CPU the current render has used.
import { parentPort } from 'node:worker_threads';
import type { Mentionable } from './mentions.js';
import { RenderLimitError, renderPost } from './render.js';
import { currentThreadId, threadCpuMs } from './thread-cpu.js';

export interface RenderJob { id: number; body: string; mentionable: [string, Mentionable][] }
export type RenderReply =
  | { type: 'ready'; tid: number | null }
  | { type: 'done'; id: number; html: string; text: string; mentionIds: number[]; version: number; cpuMs: number | null; wallMs: number }
  | { type: 'refused'; id: number; message: string; cpuMs: number | null }
  | { type: 'failed'; id: number; message: string };

const port = parentPort!;
const tid = currentThreadId();
const cpu = () => (tid === null ? null : threadCpuMs(tid));

port.on('message', (job: RenderJob) => {
  const cpuBefore = cpu();
  const started = performance.now();
  let reply: RenderReply;
  try {
    const rendered = renderPost(job.body, new Map(job.mentionable));
    const cpuAfter = cpu();
    reply = {
      type: 'done', id: job.id, ...rendered, wallMs: performance.now() - started,
      cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    };
  } catch (error) {
    reply = error instanceof RenderLimitError
      ? { type: 'refused', id: job.id, message: error.message, cpuMs: null }
      : { type: 'failed', id: job.id, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});

// Warm up before taking work: a cold parser's first renders cost several times a warm one's CPU, and would count
// against the first bodies' budget.
const SAMPLE = '# Heading\n\nSome **bold**, _em_, ~~gone~~, `code`, [a link](https://example.com), www.example.com, @someone.\n\n'
  + '- one\n- two\n  1. nested\n\n> quoted\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```js\nconst x = 1 < 2;\n```\n';
for (let i = 0; i < 30; i++) renderPost(SAMPLE.repeat(4));

port.postMessage({ type: 'ready', tid } satisfies RenderReply);
