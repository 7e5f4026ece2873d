// A post's read model from its row (thread pages, a profile's posts, a mutation's answer). It holds the ids of its
// author and of the users it mentions: users come from their own entries, so a rename shows on every cached page.
// Rows from before rendering show their body as escaped text until the backfill reaches them: a read never renders.
import type { PostView, ReactionCountsView } from '../model/views.js';
import { ALL_BODY_FIELDS, type BodyFields } from '../model/post-body-fields.js';
import { plainRendering } from '../render/plain-rendering.js';

export interface PostRowParts {
  post: {
    id: number; authorId: number; number: number; replyToId: number | null;
    /** Present whenever `fields` asks for a text that is not stored (see findPostPageEntries). */
    body?: string | null;
    bodyHtml?: string | null; bodyText?: string | null; createdAt: Date; editedAt: Date | null;
  };
  reactions: { like: number | null; helpful: number | null; love: number | null };
  replyCount: number;
  isAnswer: boolean;
  mentionIds: number[] | null;
}

/** Counts from a lateral aggregate (one row always; null only in the driver's types). */
export const countsOf = (c: PostRowParts['reactions']): ReactionCountsView =>
  ({ like: c.like ?? 0, helpful: c.helpful ?? 0, love: c.love ?? 0 });

type BodyParts = Pick<PostView, 'body' | 'bodyHTML' | 'bodyText' | 'mentionIds'>;

/** The body fields of `fields`, each from the row; a rendering the row lacks (not rendered yet) from the source. */
function bodyOf(row: PostRowParts, fields: BodyFields): BodyParts {
  const { post } = row;
  const out: BodyParts = {};
  if (fields.body) out.body = post.body!;
  if (fields.html || fields.text) {
    const plain = (fields.html && post.bodyHtml == null) || (fields.text && post.bodyText == null) ? plainRendering(post.body!) : null;
    if (fields.html) out.bodyHTML = post.bodyHtml ?? plain!.html;
    if (fields.text) out.bodyText = post.bodyText ?? plain!.text;
  }
  if (fields.mentions) out.mentionIds = (row.mentionIds ?? []).map(String);
  return out;
}

/**
 * The post's read model with the body fields of `fields` (every field unless told; see PostView). `withReactions`
 * false: the row did not count reactions (the operation does not show them), so the view leaves them out.
 */
export const postView = (row: PostRowParts, threadSlug: string, fields: BodyFields = ALL_BODY_FIELDS, withReactions = true): PostView => ({
  id: String(row.post.id), number: row.post.number,
  replyToId: row.post.replyToId === null ? null : String(row.post.replyToId),
  replyCount: row.replyCount, isAnswer: row.isAnswer,
  ...bodyOf(row, fields),
  authorId: String(row.post.authorId), threadSlug,
  ...(withReactions ? { reactionCounts: countsOf(row.reactions) } : {}),
  createdAt: row.post.createdAt.toISOString(), editedAt: row.post.editedAt?.toISOString() ?? null,
});
