import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { ThreadView } from '../../model/views.js';
import type { ThreadListResult } from '../../read/forum-reader.js';
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
  ): Promise<ThreadListResult> {
    return ctx.reader.threadList({ filter, sort, first, after });
  }

  @FieldResolver(() => [ThreadEdge])
  async edges(@Root() list: ThreadListResult, @Ctx() ctx: ForumContext) {
    const nodes = await ctx.reader.threadsBySlugs(list.slugs);
    const cursorOf = new Map(list.slugs.map((slug, i) => [slug, list.cursors[i]!]));
    return nodes.map((node) => ({ cursor: cursorOf.get(node.slug)!, node }));
  }

  @FieldResolver(() => [Thread])
  nodes(@Root() list: ThreadListResult, @Ctx() ctx: ForumContext): Promise<ThreadView[]> {
    return ctx.reader.threadsBySlugs(list.slugs);
  }

  @FieldResolver(() => PageInfo)
  pageInfo(@Root() list: ThreadListResult): PageInfo {
    return pageInfoOf(list);
  }

  @FieldResolver(() => Int, { description: 'Counted only when asked for (docs/api.md says what a count costs).' })
  totalCount(@Root() list: ThreadListResult, @Ctx() ctx: ForumContext): Promise<number> {
    return ctx.reader.threadCount(list);
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
