import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parseId, toGlobalId } from '../../model/global-id.js';
import type { PostView, ReactionCountsView, ThreadView, UserView } from '../../model/views.js';
import { notFound } from '../../errors.js';
import { requireViewer, type ForumContext } from '../context.js';
import { CreatePostInput } from '../types/inputs.js';
import { postIdArg } from '../types/node.js';
import { Post, Thread, User } from '../types/objects.js';
import { ReactionType } from '../types/scalars.js';

@Resolver(() => Post)
export class PostResolver {
  @FieldResolver(() => ID)
  id(@Root() post: { id: string }): string {
    return toGlobalId('Post', post.id);
  }

  @FieldResolver(() => Thread)
  async thread(@Root() post: PostView, @Ctx() ctx: ForumContext): Promise<ThreadView> {
    const thread = await ctx.reader.thread(post.threadSlug);
    if (!thread) throw notFound(`thread "${post.threadSlug}"`);
    return thread;
  }

  @FieldResolver(() => Post, { nullable: true, description: 'The post this one replies to; null when none, or when that post is deleted.' })
  replyTo(@Root() post: PostView, @Ctx() ctx: ForumContext): Promise<PostView | null> | null {
    return post.replyToId == null ? null : ctx.reader.postBesideThread(Number(post.replyToId));
  }

  @Query(() => Post, { nullable: true, description: 'A live post of a live thread; null otherwise.' })
  post(@Arg('id', () => ID, postIdArg) id: string, @Ctx() ctx: ForumContext): Promise<PostView | null> | null {
    const postId = parseId(id, 'Post');
    return postId === null ? null : ctx.reader.postById(postId);
  }

  @FieldResolver(() => User)
  author(@Root() post: PostView, @Ctx() ctx: ForumContext): Promise<UserView> {
    return ctx.reader.author(post.authorId);
  }

  @FieldResolver(() => [User], { description: 'Existing users the body mentions as @username, in order of first mention.' })
  mentions(@Root() post: PostView, @Ctx() ctx: ForumContext): Promise<UserView[]> {
    // Absent only when the read was told the operation does not select mentions: a bug, never an empty list.
    if (post.mentionIds === undefined) throw new Error('Post.mentions: the post was read without its mentions (src/model/post-body-fields.ts)');
    return ctx.reader.usersByIds(post.mentionIds);
  }

  /**
   * The field is declared on Post (objects.ts). Reads join it from the page's counts entry (src/read/thread-page-loads.ts);
   * ForumReader.postReactions reads it for a post that came without it.
   */
  @FieldResolver()
  reactionCounts(@Root() post: PostView, @Ctx() ctx: ForumContext): ReactionCountsView | Promise<ReactionCountsView> {
    return post.reactionCounts ?? ctx.reader.postReactions(post);
  }

  @FieldResolver(() => [ReactionType], { description: "The requesting user's own reactions on this post; empty when anonymous." })
  viewerReactions(@Root() post: PostView, @Ctx() ctx: ForumContext) {
    return ctx.viewer ? ctx.reader.viewerReactions(post.id) : [];
  }

  @Mutation(() => Post)
  async createPost(@Arg('input', () => CreatePostInput) input: CreatePostInput, @Ctx() ctx: ForumContext) {
    const post = await ctx.services.posts.create(requireViewer(ctx), input.threadSlug, input.body, input.replyToPostId ?? null);
    return ctx.reader.writtenPost(post.id);
  }

  @Mutation(() => Post, { description: "The post's author or a moderator." })
  async editPost(@Arg('id', () => ID, postIdArg) id: string, @Arg('body', () => String) body: string, @Ctx() ctx: ForumContext) {
    const postId = await ctx.services.posts.edit(requireViewer(ctx), id, body);
    return ctx.reader.writtenPost(postId);
  }

  @Mutation(() => Boolean, {
    description: "The post's author or a moderator. Deleting a thread's first post is refused: delete the thread.",
  })
  deletePost(@Arg('id', () => ID, postIdArg) id: string, @Ctx() ctx: ForumContext): Promise<boolean> {
    return ctx.services.posts.delete(requireViewer(ctx), id);
  }

  @Mutation(() => Post, {
    description: "Adds the viewer's reaction of this type, or removes it when present. Returns the post after the change.",
  })
  async toggleReaction(
    @Arg('postId', () => ID, postIdArg) postId: string, @Arg('type', () => ReactionType) type: ReactionType, @Ctx() ctx: ForumContext,
  ) {
    const id = await ctx.services.posts.react(requireViewer(ctx), postId, type, 'toggle');
    return ctx.reader.writtenPost(id);
  }

  @Mutation(() => Post, { description: "Sets the viewer's reaction of this type on or off; safe to retry." })
  async setReaction(
    @Arg('postId', () => ID, postIdArg) postId: string, @Arg('type', () => ReactionType) type: ReactionType,
    @Arg('active', () => Boolean) active: boolean, @Ctx() ctx: ForumContext,
  ) {
    const id = await ctx.services.posts.react(requireViewer(ctx), postId, type, active);
    return ctx.reader.writtenPost(id);
  }
}
