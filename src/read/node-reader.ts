// Query.node and Query.nodes: a global id (src/model/global-id.ts) resolved through the same entries and loaders as
// the typed queries (thread(slug), category(slug), post(id), the author cards), so a node costs what its typed query
// costs, plus one batched statement naming the slugs of the threads and categories asked for by id.
import DataLoader from 'dataloader';
import type { ResponseDeps } from '../cache/response-deps.js';
import type { Db } from '../db/client.js';
import { findCategorySlugsByIds, findLiveThreadSlugsByIds } from '../data/node-slugs.data.js';
import { badInput } from '../errors.js';
import { fromGlobalId, type NodeType } from '../model/global-id.js';
import type { CategoryView, PostView, ThreadView, UserView } from '../model/views.js';

/** What node(id) returns: a read model tagged with its type (Node's resolveType reads the tag). */
export type NodeValue =
  | (ThreadView & { __typename: 'Thread' }) | (PostView & { __typename: 'Post' })
  | (CategoryView & { __typename: 'Category' }) | (UserView & { __typename: 'User' });

/** What nodes(ids) takes at most. */
export const MAX_NODE_IDS = 100;

/** The typed reads node(id) goes through (ForumReader's). */
export interface NodeSources {
  thread(slug: string): Promise<ThreadView | null>;
  category(slug: string): Promise<CategoryView | null>;
  postById(id: number): Promise<PostView | null>;
  userById(id: number): Promise<UserView | null>;
}

export class NodeReader {
  private readonly threadSlugs: DataLoader<number, string | null>;
  private readonly categorySlugs: DataLoader<number, string | null>;

  constructor(db: Db, private readonly sources: NodeSources, private readonly deps: ResponseDeps | null) {
    this.threadSlugs = new DataLoader(async (ids) => {
      const found = await findLiveThreadSlugsByIds(db, ids);
      return ids.map((id) => this.slugOrMiss(found.get(id)));
    });
    this.categorySlugs = new DataLoader(async (ids) => {
      const found = await findCategorySlugsByIds(db, ids);
      return ids.map((id) => this.slugOrMiss(found.get(id)));
    });
  }

  /** The object a global id names, or null: malformed, another server's, a numeric id, absent or deleted. */
  async node(id: string): Promise<NodeValue | null> {
    const parsed = fromGlobalId(id);
    if (parsed === null) return null;
    const view = await this.load(parsed.type, parsed.rowId);
    return view === null ? null : { ...view, __typename: parsed.type } as NodeValue;
  }

  /** One answer per id, in order, null for each that names nothing live; at most MAX_NODE_IDS ids. */
  nodes(ids: readonly string[]): Promise<(NodeValue | null)[]> {
    if (ids.length > MAX_NODE_IDS) {
      throw badInput(`nodes takes at most ${MAX_NODE_IDS} ids, got ${ids.length}`, 'ids');
    }
    return Promise.all(ids.map((id) => this.node(id)));
  }

  private async load(type: NodeType, rowId: number): Promise<ThreadView | PostView | CategoryView | UserView | null> {
    switch (type) {
      case 'Post': return this.sources.postById(rowId);
      case 'User': return this.sources.userById(rowId);
      case 'Thread': {
        const slug = await this.threadSlugs.load(rowId);
        return slug === null ? null : this.sources.thread(slug);
      }
      case 'Category': {
        const slug = await this.categorySlugs.load(rowId);
        return slug === null ? null : this.sources.category(slug);
      }
    }
  }

  /**
   * A slug found is the row's for good (slugs never change, and a deleted thread's entry answers null under its own
   * stamp); an id that names nothing yet may name a row later, which no stamp would tell a stored response.
   */
  private slugOrMiss(slug: string | undefined): string | null {
    if (slug !== undefined) return slug;
    this.deps?.markUncacheable();
    return null;
  }
}
