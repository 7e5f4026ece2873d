// A post's read model from its row (thread pages, a profile's posts, a mutation's answer). It holds the ids of its
// author and of the users it mentions: users come from their own entries, so a rename shows on every cached page.
// Rows from before rendering show their body as escaped text until the backfill reaches them: a read never renders.
import type { PostView, ReactionCountsView } from '../model/views.js';
import { plainRendering } from '../render/plain-rendering.js';

export interface PostRowParts {
  post: {
    id: number; authorId: number; number: number; replyToId: number | null; body: string;
    bodyHtml: string | null; bodyText: string | null; createdAt: Date; editedAt: Date | null;
  };
  reactions: { like: number | null; helpful: number | null; love: number | null };
  replyCount: number;
  isAnswer: boolean;
  mentionIds: number[] | null;
}

/** Counts from a lateral aggregate (one row always; null only in the driver's types). */
export const countsOf = (c: PostRowParts['reactions']): ReactionCountsView =>
  ({ like: c.like ?? 0, helpful: c.helpful ?? 0, love: c.love ?? 0 });

function renderingOf(post: PostRowParts['post']): { bodyHTML: string; bodyText: string } {
  if (post.bodyHtml !== null && post.bodyText !== null) return { bodyHTML: post.bodyHtml, bodyText: post.bodyText };
  const plain = plainRendering(post.body);
  return { bodyHTML: plain.html, bodyText: plain.text };
}

export const postView = (row: PostRowParts, threadSlug: string): PostView => ({
  id: String(row.post.id), number: row.post.number,
  replyToId: row.post.replyToId === null ? null : String(row.post.replyToId),
  replyCount: row.replyCount, isAnswer: row.isAnswer,
  body: row.post.body, ...renderingOf(row.post),
  mentionIds: (row.mentionIds ?? []).map(String),
  authorId: String(row.post.authorId), threadSlug,
  reactionCounts: countsOf(row.reactions),
  createdAt: row.post.createdAt.toISOString(), editedAt: row.post.editedAt?.toISOString() ?? null,
});
