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

query Profile {
  user(username: "hoyahannah") {
    displayName avatarUrl bio createdAt threadCount postCount isSuspended
    threads(first: 5) { nodes { slug title postCount } }
    posts(first: 5) { totalCount nodes { body createdAt thread { title } } pageInfo { hasNextPage endCursor } }
  }
}

mutation SignIn { login(username: "greenthumb_admin", password: "plants-are-friends") { token user { role } } }
# then set the header  Authorization: Bearer <token>
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
