// Uses the types `npm run codegen` generates from codegen/operations.graphql; test/integration/codegen.test.ts runs
// tsc on it beside a fresh generation. Each @ts-expect-error is a mistake the generated types must refuse.
import type {
  MarkAnswerMutation, MarkThreadReadMutationVariables, PostByIdQuery, RefetchManyQuery, RefetchQuery,
  ThreadTailQuery, ThreadTailQueryVariables, UnreadThreadsQuery,
} from './graphql.js';

export const olderPage: ThreadTailQueryVariables = { slug: 'tomatoes', last: 20, before: 'cursor' };
// @ts-expect-error slug is required
export const noSlug: ThreadTailQueryVariables = { last: 20 };

export function numbers(page: ThreadTailQuery): number[] {
  if (!page.thread) return [];
  const unread: number | null = page.thread.viewerUnreadCount;
  const answer: number | undefined = page.thread.answer?.number;
  void unread; void answer;
  // @ts-expect-error viewerUnreadCount is null when anonymous
  const notNull: number = page.thread.viewerUnreadCount;
  void notNull;
  return page.thread.posts.edges.map((e) => e.node.number);
}

export function replyLine(data: PostByIdQuery): string {
  const post = data.post;
  if (!post) return 'gone';
  const to = post.replyTo ? ` in reply to #${post.replyTo.number} by ${post.replyTo.author.username}` : '';
  const replies: number = post.replyCount;
  const answer: boolean = post.isAnswer;
  // @ts-expect-error replyTo is null when the post replies to nothing (or to a deleted post)
  const parent: string = post.replyTo.id;
  void parent;
  return `#${post.number}${to} (${replies} replies${answer ? ', the answer' : ''}) in ${post.thread.slug}`;
}

export function refetched(data: RefetchQuery): string {
  const node = data.node;
  if (!node) return 'gone';
  switch (node.__typename) {
    case 'Post': return `post #${node.number}: ${node.body}${node.editedAt ? ' (edited)' : ''}`;
    case 'Thread': return `${node.title} (${node.postCount} posts)`;
    default:
      // @ts-expect-error only a Post or a Thread selects number
      return String(node.number);
  }
}

export function titles(data: RefetchManyQuery): (string | null)[] {
  return data.nodes.map((n) => (n?.__typename === 'Thread' ? n.title : null));
}

export function unread(data: UnreadThreadsQuery): string[] {
  return data.unreadThreads.nodes.map((t) => `${t.title}: ${t.viewerUnreadCount ?? 0} unread`);
}

export const answerId = (data: MarkAnswerMutation): string | undefined => data.markAnswer.answer?.id;
export const readUpTo: MarkThreadReadMutationVariables = { slug: 'tomatoes', upTo: 12 };
