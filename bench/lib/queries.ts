import { httpRequest } from './http.js';

// The operations the benchmark sends, as a client would: the read paths of the forum's pages and the writes of
// the mixed workload. Every target gets byte-identical request bodies.

const compact = (document: string) => document.replace(/\s+/g, ' ').trim();

const USER = 'id username displayName avatarUrl';
const COUNTS = 'reactionCounts { like helpful love }';

/** The thread page: the thread, its first 20 posts, their authors and reaction counts. */
export const THREAD_PAGE = compact(`query ThreadPage($slug: String!, $first: Int! = 20) {
  thread(slug: $slug) {
    id slug title tags isPinned isLocked postCount createdAt lastActivityAt
    author { ${USER} } category { slug name } ${COUNTS}
    posts(first: $first) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { id body createdAt editedAt author { ${USER} } ${COUNTS} }
    }
  }
}`);

/** A category's thread list, most recent activity first, one page. */
export const THREAD_LIST = compact(`query ThreadList($category: String!, $first: Int! = 20) {
  threads(filter: { categorySlug: $category }, sort: LAST_ACTIVITY, first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id slug title excerpt tags isPinned postCount lastActivityAt author { ${USER} } ${COUNTS} }
  }
}`);

/** The categories tree of the forum's front page. */
export const CATEGORIES = compact(`query Categories {
  categories { id slug name description icon threadCount postCount children { id slug name description icon threadCount postCount } }
}`);

export const CREATE_POST = compact(`mutation CreatePost($input: CreatePostInput!) {
  createPost(input: $input) { id body createdAt author { id username } thread { id postCount lastActivityAt } }
}`);

export const TOGGLE_REACTION = compact(`mutation ToggleReaction($postId: ID!, $type: ReactionType!) {
  toggleReaction(postId: $postId, type: $type) { id ${COUNTS} }
}`);

export const EDIT_POST = compact(`mutation EditPost($id: ID!, $body: String!) { editPost(id: $id, body: $body) { id body editedAt } }`);

export const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

export const threadPageBody = (slug: string, first?: number) => body(THREAD_PAGE, first === undefined ? { slug } : { slug, first });
export const threadListBody = (category: string, first?: number) => body(THREAD_LIST, first === undefined ? { category } : { category, first });
export const categoriesBody = () => body(CATEGORIES);

/** Headers of every request: JSON in, JSON out (the same bytes reach every target). */
export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export interface GraphQLResponse<T = any> { status: number; text: string; json: { data?: T; errors?: { message: string }[] } }

/** One request; the text is kept (the floor serves these exact bytes). */
export async function post<T = any>(url: string, requestBody: string, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const response = await httpRequest(url, { headers: { ...JSON_HEADERS, ...headers }, body: requestBody });
  const text = response.text;
  let json: GraphQLResponse<T>['json'];
  try {
    json = JSON.parse(text) as GraphQLResponse<T>['json'];
  } catch {
    json = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, text, json };
}
