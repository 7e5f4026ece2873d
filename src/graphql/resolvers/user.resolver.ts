import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../model/global-id.js';
import { userView } from '../../read/forum-reader.js';
import type { ThreadListView, UserView } from '../../model/views.js';
import { requireViewer, type ForumContext } from '../context.js';
import { UpdateProfileInput } from '../types/inputs.js';
import { AuthPayload, PostConnection, ThreadConnection, User } from '../types/objects.js';
import { DateTimeScalar } from '../types/scalars.js';
import type { PostConnectionValue } from './post-connection.resolver.js';

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => ID)
  id(@Root() user: { id: string }): string {
    return toGlobalId('User', user.id);
  }

  @Query(() => User, { nullable: true, description: 'The user with this username, ignoring case; null when there is none.' })
  async user(@Arg('username', () => String) username: string, @Ctx() ctx: ForumContext): Promise<UserView | null> {
    const id = await ctx.reader.people.userId(username);
    return id === null ? null : ctx.reader.userById(id);
  }

  @FieldResolver(() => String, { nullable: true })
  async bio(@Root() user: UserView, @Ctx() ctx: ForumContext): Promise<string | null> {
    return (await ctx.reader.people.profile(user.id)).bio;
  }

  @FieldResolver(() => Int, { description: 'Live threads the user started.' })
  async threadCount(@Root() user: UserView, @Ctx() ctx: ForumContext): Promise<number> {
    return (await ctx.reader.people.userCounts(user.id)).threadCount;
  }

  @FieldResolver(() => Int, { description: 'Live posts in live threads, opening posts included.' })
  async postCount(@Root() user: UserView, @Ctx() ctx: ForumContext): Promise<number> {
    return (await ctx.reader.people.userCounts(user.id)).postCount;
  }

  @FieldResolver(() => ThreadConnection, { description: 'Live threads the user started, newest first.' })
  threads(
    @Root() user: UserView, @Ctx() ctx: ForumContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ThreadListView> {
    return ctx.reader.people.userThreads(user.id, first, after ?? null);
  }

  @FieldResolver(() => PostConnection, { description: "The user's live posts in live threads, newest first." })
  posts(
    @Root() user: UserView, @Ctx() ctx: ForumContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<PostConnectionValue> {
    return ctx.reader.people.userPosts(user.id, first, after ?? null);
  }

  @FieldResolver(() => Boolean)
  async isSuspended(@Root() user: UserView, @Ctx() ctx: ForumContext): Promise<boolean> {
    return suspensionOf(await ctx.reader.people.profile(user.id)).suspended;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'Null when not suspended or suspended indefinitely.' })
  async suspendedUntil(@Root() user: UserView, @Ctx() ctx: ForumContext): Promise<string | null> {
    const { suspended, until } = suspensionOf(await ctx.reader.people.profile(user.id));
    return suspended ? until : null;
  }

  @Mutation(() => User, { description: "The viewer's own profile." })
  async updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: ForumContext) {
    return userView(await ctx.services.profiles.updateProfile(requireViewer(ctx), input));
  }

  @Mutation(() => AuthPayload, { description: "Revokes every token of the viewer's, this one included; the token returned is the only valid one." })
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: ForumContext,
  ) {
    const { token, user } = await ctx.services.auth.changePassword(requireViewer(ctx), currentPassword, newPassword, ctx.ip);
    return { token, user: userView(user) };
  }
}

/** Whether a suspension holds now: it ends by itself at suspendedUntil. */
function suspensionOf(profile: { suspendedAt: string | null; suspendedUntil: string | null }) {
  const suspended = profile.suspendedAt !== null
    && (profile.suspendedUntil === null || Date.parse(profile.suspendedUntil) > Date.now());
  return { suspended, until: profile.suspendedUntil };
}
