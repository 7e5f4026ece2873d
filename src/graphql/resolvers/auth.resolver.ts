import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { userView } from '../../read/forum-reader.js';
import type { UserView } from '../../model/views.js';
import { requireViewer, type ForumContext } from '../context.js';
import { AuthPayload, User } from '../types/objects.js';
import { Role } from '../types/scalars.js';

@Resolver()
export class AuthResolver {
  @Query(() => User, { nullable: true, description: 'The authenticated user; null when anonymous.' })
  async viewer(@Ctx() ctx: ForumContext): Promise<UserView | null> {
    if (!ctx.viewer) return null;
    return ctx.reader.user(ctx.viewer.id);
  }

  @Mutation(() => AuthPayload)
  async register(
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Arg('displayName', () => String, { nullable: true }) displayName: string | null,
    @Ctx() ctx: ForumContext,
  ) {
    const { token, user } = await ctx.services.auth.register(username, password, displayName);
    return { token, user: userView(user) };
  }

  @Mutation(() => AuthPayload)
  async login(
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: ForumContext,
  ) {
    const { token, user } = await ctx.services.auth.login(username, password, ctx.ip);
    return { token, user: userView(user) };
  }

  @Mutation(() => Boolean, { description: 'Revokes the token this request was made with.' })
  logout(@Ctx() ctx: ForumContext): Promise<boolean> {
    return ctx.services.auth.logout(requireViewer(ctx));
  }

  @Mutation(() => User, { description: 'Admins only. An ADMIN has every MODERATOR right.' })
  async setUserRole(
    @Arg('username', () => String) username: string,
    @Arg('role', () => Role) role: Role,
    @Ctx() ctx: ForumContext,
  ) {
    return userView(await ctx.services.auth.setUserRole(requireViewer(ctx), username, role));
  }
}
