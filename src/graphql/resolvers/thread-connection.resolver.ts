import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { ThreadListView, ThreadView } from '../../model/views.js';
import type { ForumContext } from '../context.js';
import { ThreadFilter } from '../types/inputs.js';
import { PageInfo, Thread, ThreadConnection, ThreadEdge } from '../types/objects.js';
import { ThreadSort } from '../types/scalars.js';

@Resolver(() => ThreadConnection)
export class ThreadConnectionResolver {
  @Query(() => ThreadConnection, {
    description: 'Pinned threads first, then by sort, then newest, then id. Cursors are bound to their filter and sort.',
  })
  threads(
    @Ctx() ctx: ForumContext,
    @Arg('filter', () => ThreadFilter, { nullable: true }) filter?: ThreadFilter | null,
    @Arg('sort', () => ThreadSort, { defaultValue: ThreadSort.LAST_ACTIVITY }) sort: ThreadSort = ThreadSort.LAST_ACTIVITY,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ThreadListView> {
    return ctx.reader.threadList({ filter, sort, first, after });
  }

  @FieldResolver(() => [ThreadEdge])
  async edges(@Root() list: ThreadListView, @Ctx() ctx: ForumContext) {
    const nodes = await ctx.reader.threadsBySlugs(list.slugs);
    const cursorOf = new Map(list.slugs.map((slug, i) => [slug, list.cursors[i]!]));
    return nodes.map((node) => ({ cursor: cursorOf.get(node.slug)!, node }));
  }

  @FieldResolver(() => [Thread])
  nodes(@Root() list: ThreadListView, @Ctx() ctx: ForumContext): Promise<ThreadView[]> {
    return ctx.reader.threadsBySlugs(list.slugs);
  }

  @FieldResolver(() => PageInfo)
  pageInfo(@Root() list: ThreadListView): PageInfo {
    return pageInfoOf(list);
  }

  @FieldResolver(() => Int)
  totalCount(@Root() list: ThreadListView): number {
    return list.totalCount;
  }
}

export function pageInfoOf(page: { cursors: string[]; hasNextPage: boolean; hasPreviousPage: boolean }): PageInfo {
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.cursors[0] ?? null,
    endCursor: page.cursors.at(-1) ?? null,
  };
}
