// Rendering a body as part of the mutation that writes it (createThread, createPost, editPost): the users it may
// mention are looked up, the body is rendered off the event loop (src/render/), and the mutation's transaction then
// stores the result with the body in the same statement, so a read never renders and never sees a body without its
// own rendering. This step runs just before the transaction opens, not inside it: a render takes milliseconds of
// CPU (up to its 100 ms budget), and no database connection should wait on it, least of all PGlite's only one.
// Nothing it reads can change meanwhile in a way that matters: users are never deleted or renamed.
import type { Db } from '../db/client.js';
import type { RenderedBody } from '../data/posts.data.js';
import { findUsersByLowerNames } from '../data/users.data.js';
import { badInput } from '../errors.js';
import { mentionCandidates } from '../render/mentions.js';
import { RenderLimitError } from '../render/render.js';
import type { Renderer } from '../render/render-pool.js';

export async function renderBody(db: Db, renderer: Renderer, body: string): Promise<RenderedBody> {
  const names = mentionCandidates(body);
  const users = names.length === 0 ? [] : await findUsersByLowerNames(db, names);
  try {
    const rendered = await renderer.render(body, new Map(users.map((u) => [u.username.toLowerCase(), u])));
    return {
      body, bodyHtml: rendered.html, bodyText: rendered.text, mentionIds: rendered.mentionIds, renderVersion: rendered.version,
    };
  } catch (error) {
    if (error instanceof RenderLimitError) throw badInput(error.message, 'body');
    throw error;
  }
}
