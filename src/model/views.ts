// What the shared cache holds: plain JSON-safe read models, the same for every viewer.
// Never viewer fields and never viewCount (docs/architecture.md): those resolve per request. Threads and posts hold
// their author's id only: authors come from their own entries (UserView), so a rename touches one entry, not every
// page the user ever posted on.

export type RoleName = 'MEMBER' | 'MODERATOR' | 'ADMIN';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  role: RoleName;
  createdAt: string;
}

/**
 * A live session as a request sees it (its viewer), kept per process under the user's stamps (keys.ts
 * `dependencies.session`): valid until `expiresAt`, and while no revocation, role change or suspension bumped them.
 */
export interface SessionView {
  userId: number;
  username: string;
  role: RoleName;
  /** ISO time: past it the session is refused, cached or not. */
  expiresAt: string;
}

/** What a profile shows beyond the author card (kept apart so authors stay small entries). */
export interface ProfileView {
  bio: string | null;
  /** Set while suspended or suspended before; the suspension counts only until suspendedUntil (null: no end). */
  suspendedAt: string | null;
  suspendedUntil: string | null;
}

export interface ReactionCountsView { like: number; helpful: number; love: number }

/**
 * Reaction counts are entries of their own (keys.ts: `threadReactions`, `pageReactions`, under the thread's
 * `reactions` stamp): a reaction re-stamps them alone, not the thread's entry or its pages. Each holds the thread's
 * live position read with the counts (Thread.liveCursor).
 */
export interface ThreadReactionsView { counts: ReactionCountsView; liveSeq: number | null }

/** The counts of a page's posts, in the page's order, and the ids of the posts they count (`postIds`). */
export interface PageReactionsView { postIds: string[]; counts: ReactionCountsView[]; liveSeq: number | null }

export interface ThreadView {
  id: string;
  slug: string;
  title: string;
  excerpt: string;
  categorySlug: string;
  authorId: string;
  tags: string[];
  isPinned: boolean;
  isLocked: boolean;
  postCount: number;
  /**
   * Never in a stored entry: a read joins it from the thread's counts entry (src/read/thread-page-loads.ts), with
   * liveSeq then the older of the two; a mutation's answer reads it with the row.
   */
  reactionCounts?: ReactionCountsView;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  /** The accepted answer's post id, or null. */
  answerPostId: string | null;
  /** The thread's live position in the snapshot this entry was read in (absent in entries of older builds). */
  liveSeq?: number;
}

export interface PostView {
  id: string;
  /** 1 for the opening post; deleted posts leave gaps. */
  number: number;
  /** The post this one replies to (it may be deleted since: Post.replyTo then resolves to null). */
  replyToId: string | null;
  /** Live direct replies. */
  replyCount: number;
  isAnswer: boolean;
  // What Markdown made of the body: each present unless the read was told it is not shown (a post page reads only the
  // body fields its operation selects: src/model/post-body-fields.ts). An absent one that a field asks for fails loudly.
  /** The source text (Markdown), as written. */
  body?: string;
  /** Sanitized HTML, rendered when the body was written (src/render/). */
  bodyHTML?: string;
  /** The plain text, Markdown syntax removed. */
  bodyText?: string;
  /** Ids of the existing users the body mentions (`@username`), in order of first mention: Post.mentions loads them. */
  mentionIds?: string[];
  authorId: string;
  threadSlug: string;
  /** Never in a stored page of posts: a read joins them from the page's counts entry (src/read/thread-page-loads.ts). */
  reactionCounts?: ReactionCountsView;
  createdAt: string;
  editedAt: string | null;
}

export interface PageView {
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/**
 * totalCount is the thread's postCount, read with the thread itself, so the two always agree. liveSeq: the thread's
 * live position in the page's snapshot (absent in entries of older builds).
 */
export interface PostPageView extends PageView { posts: PostView[]; liveSeq?: number | null }

/**
 * A thread list holds slugs; its nodes resolve through the thread entries. totalCount comes with the page when it is
 * free (a maintained list's index holds it); null otherwise: it is counted only when a query selects it.
 */
export interface ThreadListView extends PageView { slugs: string[]; totalCount: number | null }

export interface CategoryView {
  id: string;
  slug: string;
  name: string;
  description: string;
  icon: string | null;
  displayOrder: number;
  parentSlug: string | null;
  childSlugs: string[];
}

/** A category's counts: resolved per request (list indexes, or the database), never part of its cached entry. */
export interface CategoryCountsView { threadCount: number; postCount: number }

export interface CategoryTreeView { slugs: string[] }

/** The first post's plain text (bodyText) with whitespace collapsed, cut to at most 200 characters. */
export function excerptOf(bodyText: string): string {
  const text = bodyText.replace(/\s+/g, ' ').trim();
  if (text.length <= 200) return text;
  // Never cut between the two halves of a surrogate pair (an emoji): half a character is not text.
  const cut = text.slice(0, 199).replace(/[\uD800-\uDBFF]$/, '');
  return `${cut.trimEnd()}…`;
}

/** A report of a post, as moderators see it (never cached). */
export interface ReportView {
  id: string;
  postId: string;
  reporterId: string;
  reason: 'SPAM' | 'OFF_TOPIC' | 'INAPPROPRIATE' | 'OTHER';
  note: string | null;
  createdAt: string;
  status: 'OPEN' | 'RESOLVED';
  resolution: 'DISMISSED' | 'POST_DELETED' | 'AUTHOR_SUSPENDED' | null;
  resolvedById: string | null;
  resolvedAt: string | null;
}
