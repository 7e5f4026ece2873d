// The README's example operations ("Try it in Sandbox"), preloaded as the explorer's tabs. A test keeps them equal to
// the README's block, so the two never drift apart.

export interface ExampleTab {
  query: string;
  variables?: string;
  headers?: string;
}

export const EXAMPLE_OPERATIONS = `query Home {
  categories { slug name threadCount postCount children { slug name threadCount } }
  threads(first: 5, sort: LAST_ACTIVITY) {
    totalCount
    edges { cursor node { slug title excerpt postCount viewCount tags author { displayName } category { name } } }
    pageInfo { hasNextPage endCursor }
  }
}

query Search { threads(filter: { search: "yellow leav", tags: ["watering"] }) { nodes { title tags } } }

query Thread($slug: String!) {
  thread(slug: $slug) {
    title excerpt isLocked reactionCounts { like helpful love }
    posts(first: 10) {
      totalCount
      nodes { id body bodyHTML bodyText mentions { username } author { username role } reactionCounts { like } viewerReactions }
    }
  }
}

# a long thread opened at its newest replies (oldest first within the page); before: startCursor pages back
query LastPage($slug: String!) {
  thread(slug: $slug) {
    title postCount
    posts(last: 3) {
      nodes { id number body author { username } replyTo { number author { username } } replyCount isAnswer }
      pageInfo { hasPreviousPage startCursor }
    }
  }
}

# questions with an accepted answer, and the answer itself; any id refetches its object with node(id:)
query Answered {
  threads(filter: { answered: true }, first: 5) { nodes { id title answer { id number body author { username } } } }
}
query Refetch($id: ID!) { node(id: $id) { __typename id ... on Post { body } ... on Thread { title } } }

query Profile {
  user(username: "hoyahannah") {
    displayName avatarUrl bio createdAt threadCount postCount isSuspended
    threads(first: 5) { nodes { slug title postCount } }
    posts(first: 5) { totalCount nodes { body createdAt thread { title } } pageInfo { hasNextPage endCursor } }
  }
}

mutation SignIn { login(username: "greenthumb_admin", password: "plants-are-friends") { token user { role } } }
# then set the header  Authorization: Bearer <token>
# the demo admin has read a few threads before: those with newer posts by others, and how many
query Unread { unreadThreads(first: 5) { nodes { slug title viewerLastReadPostNumber viewerUnreadCount } } }
mutation Read($slug: String!) { markThreadRead(slug: $slug) { viewerLastReadPostNumber viewerUnreadCount } }
mutation Reply($slug: String!, $to: ID!) { createPost(input: { threadSlug: $slug, body: "Agreed!", replyToPostId: $to }) { number replyTo { number } } }
mutation Accept($postId: ID!) { markAnswer(postId: $postId) { answer { number } } }  # the thread's author or a moderator
mutation Post {
  createThread(input: { categorySlug: "orchids", title: "First orchid bloom", tags: ["orchids"],
                        body: "**Look!** Thanks @orchid_oli:\\n\\n- bark, not moss\\n- cool nights" }) {
    slug posts { nodes { bodyHTML mentions { username } } }
  }
}
mutation Settings { updateProfile(input: { bio: "Runs this place.", avatarUrl: "https://images.example.org/rosa.png" }) { displayName bio } }

# moderators (greenthumb_admin is one): the queue of reported posts, oldest first, and what to do about one
query Queue {
  reports(first: 10) {
    totalCount
    nodes { id reason note createdAt reporter { username } post { id body author { username displayName } thread { slug title } } }
  }
}
mutation Resolve($id: ID!) { resolveReport(id: $id, resolution: DISMISSED) { status resolution resolvedBy { username } } }
mutation Suspend { suspendUser(username: "cactus_carl", reason: "Cool off for a day", until: "2030-01-01T00:00:00.000Z") { isSuspended suspendedUntil } }
`;

/** One tab per concern: reading (Home, Search, Thread, Profile) and signed in (SignIn, then the rest with the token). */
export function exampleTabs(): ExampleTab[] {
  const [reads, writes] = EXAMPLE_OPERATIONS.split(/\n(?=mutation SignIn)/);
  const intro = '# The README\'s example operations (section "Try it in Sandbox"). Pick one with the run button.\n';
  return [
    { query: intro + reads!.trimEnd() + '\n', variables: '{ "slug": "paste a slug from the Home query" }' },
    { query: writes!.trimEnd() + '\n', headers: '{ "Authorization": "Bearer <token from SignIn>" }' },
  ];
}
