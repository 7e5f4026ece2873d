import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ThreadView } from '../../model/views.js';
import type { ThreadListResult } from '../../read/forum-reader.js';
import { normalizeListArgs } from '../../cache/keys.js';
import { requireViewer, type ForumContext } from '../context.js';
import { Thread, ThreadConnection } from '../types/objects.js';

/** Read state: per viewer, resolved per request on top of the shared thread entries (docs/api.md, "Read state"). */
@Resolver(() => Thread)
export class ReadStateResolver {
  @FieldResolver(() => Int, { nullable: true, description: "The viewer's read mark on this thread; null when anonymous or never marked." })
  async viewerLastReadPostNumber(@Root() thread: ThreadView, @Ctx() ctx: ForumContext): Promise<number | null> {
    if (!ctx.viewer) return null;
    return (await ctx.reader.reads.readState(thread.id))?.lastReadPostNumber ?? null;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: "Live posts by others after the viewer's mark (the viewer's own never count); null when anonymous or never marked.",
  })
  async viewerUnreadCount(@Root() thread: ThreadView, @Ctx() ctx: ForumContext): Promise<number | null> {
    if (!ctx.viewer) return null;
    return (await ctx.reader.reads.readState(thread.id))?.unreadCount ?? null;
  }

  @Query(() => ThreadConnection, {
    description: "Signed in: the threads the viewer marked read that have live posts by others after the mark, by last "
      + 'activity, newest first.',
  })
  async unreadThreads(
    @Ctx() ctx: ForumContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ThreadListResult> {
    const viewer = requireViewer(ctx);
    return { ...await ctx.reader.reads.unreadThreads(viewer.id, first, after ?? null), args: normalizeListArgs({}) };
  }

  @Mutation(() => Thread, {
    description: 'Signed in: moves the viewer\'s read mark on the thread forward to upToPostNumber (default: its newest '
      + 'post); a mark already further stays. Reading a thread never marks it.',
  })
  async markThreadRead(
    @Arg('slug', () => String) slug: string,
    @Arg('upToPostNumber', () => Int, { nullable: true }) upToPostNumber: number | null | undefined,
    @Ctx() ctx: ForumContext,
  ): Promise<ThreadView> {
    const marked = await ctx.services.readState.markRead(requireViewer(ctx), slug, upToPostNumber ?? null);
    return ctx.reader.writtenThread(marked);
  }
}
