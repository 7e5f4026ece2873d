// Rendering one post body: Markdown to sanitized HTML, its plain text and the users it mentions. Pure and
// synchronous; the server runs it in worker threads with a CPU budget (render-pool.ts), the demo seed and the bench
// call it directly. The bounds it enforces are the API's (docs/api.md, "Markdown").
import { createMarkdown, MAX_NESTING } from './markdown.js';
import type { Mentionable, MentionEnv } from './mentions.js';
import { plainText } from './plain-text.js';
import { sanitize } from './sanitize.js';

/**
 * The renderer's version, stored with every rendered post. Raise it with any change to what a body renders to (a
 * sanitizer fix, a new syntax): the backfill then re-renders every stored post.
 */
export const RENDER_VERSION = 1;

/** Rendered HTML larger than this (UTF-8 bytes) is refused: 500 KB. */
export const MAX_HTML_BYTES = 500 * 1024;

export interface RenderedPost {
  html: string;
  text: string;
  /** Ids of the mentioned users, in order of first mention. */
  mentionIds: number[];
  version: number;
}

/** A body that renders past a bound: the message says which (shown to the client as BAD_USER_INPUT). */
export class RenderLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderLimitError';
  }
}

const md = createMarkdown();

/** `mentionable`: the users the body may mention, by lower-cased username (see mentionCandidates). */
export function renderPost(body: string, mentionable: ReadonlyMap<string, Mentionable> = new Map()): RenderedPost {
  const env: MentionEnv = { mentionable, mentioned: [] };
  const tokens = md.parse(body, env);
  // markdown-it stops parsing blocks at its nesting limit and drops what is deeper: refused rather than cut short.
  if (tokens.some((t) => t.nesting === 1 && t.level >= MAX_NESTING - 1)) {
    throw new RenderLimitError(`body nests quotes and lists more than ${MAX_NESTING} levels deep: flatten it`);
  }
  const raw = md.renderer.render(tokens, md.options, env);
  // Checked before sanitizing too: the sanitizer's cost grows with its input, and a link bomb's output is huge.
  if (Buffer.byteLength(raw) > MAX_HTML_BYTES * 2) throw htmlTooLarge(Buffer.byteLength(raw));
  const html = sanitize(raw);
  const bytes = Buffer.byteLength(html);
  if (bytes > MAX_HTML_BYTES) throw htmlTooLarge(bytes);
  return { html: html.trimEnd(), text: plainText(tokens), mentionIds: env.mentioned, version: RENDER_VERSION };
}

const htmlTooLarge = (bytes: number) => new RenderLimitError(
  `body renders to more than ${MAX_HTML_BYTES / 1024} KB of HTML (${Math.ceil(bytes / 1024)} KB): `
  + 'shorten it, or use fewer links, list items or table cells');
