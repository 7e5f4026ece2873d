import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isModerator } from '../../auth/viewer.js';
import { forbidden } from '../../errors.js';
import type { PostView, ReportView, UserView } from '../../model/views.js';
import { userView } from '../../read/forum-reader.js';
import { reportView } from '../../read/report-reader.js';
import { requireViewer, type ForumContext } from '../context.js';
import { postIdArg } from '../types/node.js';
import { Post, User } from '../types/objects.js';
import { Report, ReportConnection } from '../types/reports.js';
import { DateTimeScalar, ReportReason, ReportResolution, ReportStatus } from '../types/scalars.js';
import { pageInfoOf } from './thread-connection.resolver.js';

@Resolver(() => Report)
export class ModerationResolver {
  @Query(() => ReportConnection, { description: 'Moderators only. Oldest first.' })
  async reports(
    @Ctx() ctx: ForumContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Arg('status', () => ReportStatus, { defaultValue: ReportStatus.OPEN }) status: ReportStatus,
  ) {
    if (!isModerator(requireViewer(ctx))) throw forbidden('Only moderators may read reports');
    const page = await ctx.reader.people.reports(status, first, after ?? null);
    return {
      nodes: page.nodes, edges: page.nodes.map((node, i) => ({ cursor: page.cursors[i]!, node })),
      pageInfo: pageInfoOf(page), totalCount: page.totalCount,
    };
  }

  @FieldResolver(() => Post, { nullable: true, description: 'Null once the post (or its thread) is deleted.' })
  post(@Root() report: ReportView, @Ctx() ctx: ForumContext): Promise<PostView | null> {
    return ctx.reader.livePost(Number(report.postId));
  }

  @FieldResolver(() => User)
  reporter(@Root() report: ReportView, @Ctx() ctx: ForumContext): Promise<UserView> {
    return ctx.reader.author(report.reporterId);
  }

  @FieldResolver(() => User, { nullable: true })
  resolvedBy(@Root() report: ReportView, @Ctx() ctx: ForumContext): Promise<UserView> | null {
    return report.resolvedById === null ? null : ctx.reader.author(report.resolvedById);
  }

  @Mutation(() => Report, { description: 'One open report per reporter and post: repeating returns the open one unchanged.' })
  async reportPost(
    @Arg('postId', () => ID, postIdArg) postId: string,
    @Arg('reason', () => ReportReason) reason: ReportReason,
    @Arg('note', () => String, { nullable: true }) note: string | null | undefined,
    @Ctx() ctx: ForumContext,
  ): Promise<ReportView> {
    return reportView(await ctx.services.moderation.reportPost(requireViewer(ctx), postId, reason, note));
  }

  @Mutation(() => Report, { description: 'Moderators only. A resolved report cannot be resolved again.' })
  async resolveReport(
    @Arg('id', () => ID) id: string,
    @Arg('resolution', () => ReportResolution) resolution: ReportResolution,
    @Ctx() ctx: ForumContext,
  ): Promise<ReportView> {
    return reportView(await ctx.services.moderation.resolveReport(requireViewer(ctx), id, resolution));
  }

  @Mutation(() => User, { description: 'Moderators suspend members; admins anyone but admins. until null: indefinitely.' })
  async suspendUser(
    @Arg('username', () => String) username: string,
    @Arg('reason', () => String) reason: string,
    @Arg('until', () => DateTimeScalar, { nullable: true }) until: Date | null | undefined,
    @Ctx() ctx: ForumContext,
  ): Promise<UserView> {
    return userView(await ctx.services.moderation.suspendUser(requireViewer(ctx), username, reason, until));
  }

  @Mutation(() => User, { description: 'Moderators (members) and admins (anyone but admins).' })
  async unsuspendUser(@Arg('username', () => String) username: string, @Ctx() ctx: ForumContext): Promise<UserView> {
    return userView(await ctx.services.moderation.unsuspendUser(requireViewer(ctx), username));
  }
}
