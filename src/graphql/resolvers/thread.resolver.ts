import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../model/global-id.js';
import type { CategoryView, PostView, ReactionCountsView, ThreadView, UserView } from '../../model/views.js';
import { notFound } from '../../errors.js';
import { requireViewer, type ForumContext } from '../context.js';
import { CreateThreadInput, UpdateThreadInput } from '../types/inputs.js';
import { postIdArg } from '../types/node.js';
import { Category, Post, PostConnection, Thread, User } from '../types/objects.js';
import type { PostConnectionValue } from './post-connection.resolver.js';

@Resolver(() => Thread)
export class ThreadResolver {
  @FieldResolver(() => ID)
  id(@Root() thread: { id: string }): string {
    return toGlobalId('Thread', thread.id);
  }

  @Query(() => Thread, { nullable: true, description: 'Null when no live thread has this slug. Each call counts one view.' })
  async thread(@Arg('slug', () => String) slug: string, @Ctx() ctx: ForumContext): Promise<ThreadView | null> {
    if (slug.length > 300) return null;
    const view = await ctx.reader.thread(slug);
    if (view) ctx.reader.countView(view);
    return view;
  }

  @FieldResolver(() => User)
  author(@Root() thread: ThreadView, @Ctx() ctx: ForumContext): Promise<UserView> {
    return ctx.reader.author(thread.authorId);
  }

  @FieldResolver(() => Category)
  async category(@Root() thread: ThreadView, @Ctx() ctx: ForumContext): Promise<CategoryView> {
    const category = await ctx.reader.category(thread.categorySlug);
    if (!category) throw notFound(`category "${thread.categorySlug}"`);
    return category;
  }

  /**
   * The field is declared on Thread (objects.ts). Reads join it from the thread's counts entry
   * (src/read/thread-page-loads.ts); ForumReader.threadReactions reads it for a thread that came without it.
   */
  @FieldResolver()
  reactionCounts(@Root() thread: ThreadView, @Ctx() ctx: ForumContext): ReactionCountsView | Promise<ReactionCountsView> {
    return ctx.reader.threadReactions(thread);
  }

  @FieldResolver(() => Int)
  viewCount(@Root() thread: ThreadView, @Ctx() ctx: ForumContext): Promise<number> {
    return ctx.reader.viewCount(thread.id);
  }

  @FieldResolver(() => String, {
    description: 'Where the data of this response stands in the thread\'s events (opaque): it already includes every '
      + 'event up to this position. Pass it as `after` to threadActivity to hear every change after it, without a gap.',
  })
  liveCursor(@Root() thread: ThreadView, @Ctx() ctx: ForumContext): Promise<string> {
    return ctx.reader.threadLiveCursor(thread);
  }

  @FieldResolver(() => PostConnection, {
    description: "Live posts, oldest first; the first post is the thread's opening post. `last` (1-100) or `before` pages "
      + 'backwards from the end or from before a cursor, still oldest first; then `first` is ignored, and `after` is refused.',
  })
  async posts(
    @Root() thread: ThreadView,
    @Ctx() ctx: ForumContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('last', () => Int, { nullable: true }) last?: number | null,
    @Arg('before', () => String, { nullable: true }) before?: string | null,
  ): Promise<PostConnectionValue> {
    const page = await ctx.reader.postPage(thread, { first, after: after ?? null, last: last ?? null, before: before ?? null });
    return { page, totalCount: thread.postCount };
  }

  @FieldResolver(() => Post, { nullable: true, description: 'The accepted answer, if any.' })
  answer(@Root() thread: ThreadView, @Ctx() ctx: ForumContext): Promise<PostView | null> | null {
    return thread.answerPostId === null || thread.answerPostId === undefined ? null : ctx.reader.postBesideThread(Number(thread.answerPostId));
  }

  @Mutation(() => Thread)
  async createThread(@Arg('input', () => CreateThreadInput) input: CreateThreadInput, @Ctx() ctx: ForumContext) {
    const thread = await ctx.services.threads.create(requireViewer(ctx), input);
    return fresh(ctx, thread.slug);
  }

  @Mutation(() => Thread, { description: "The thread's author (title, tags) or a moderator (everything)." })
  async updateThread(
    @Arg('slug', () => String) slug: string,
    @Arg('input', () => UpdateThreadInput) input: UpdateThreadInput,
    @Ctx() ctx: ForumContext,
  ) {
    await ctx.services.threads.update(requireViewer(ctx), slug, input);
    return fresh(ctx, slug);
  }

  @Mutation(() => Thread, {
    description: "The thread's author or a moderator: marks a live post as its thread's accepted answer, replacing any "
      + 'previous one. Returns the thread.',
  })
  async markAnswer(@Arg('postId', () => ID, postIdArg) postId: string, @Ctx() ctx: ForumContext) {
    return fresh(ctx, await ctx.services.answers.mark(requireViewer(ctx), postId));
  }

  @Mutation(() => Thread, { description: "The thread's author or a moderator: clears the thread's accepted answer, if any." })
  async unmarkAnswer(@Arg('threadSlug', () => String) threadSlug: string, @Ctx() ctx: ForumContext) {
    return fresh(ctx, await ctx.services.answers.unmark(requireViewer(ctx), threadSlug));
  }

  @Mutation(() => Boolean, { description: "The thread's author or a moderator." })
  deleteThread(@Arg('slug', () => String) slug: string, @Ctx() ctx: ForumContext): Promise<boolean> {
    return ctx.services.threads.delete(requireViewer(ctx), slug);
  }
}

/** A thread mutation's answer: the thread after the write (src/read/forum-reader.ts, writtenThread). */
function fresh(ctx: ForumContext, slug: string): Promise<ThreadView> {
  return ctx.reader.writtenThread(slug);
}
