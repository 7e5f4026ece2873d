// Reports of posts, the moderators' queue, and suspensions. Every write is one transaction recording what changed.
import type { DomainChange } from '../cache/changes.js';
import type { Db } from '../db/client.js';
import type { ReportRow, UserRow } from '../db/schema.js';
import { findFirstPosts } from '../data/posts.data.js';
import { revokeUserSessions } from '../data/sessions.data.js';
import { findLiveThreadById } from '../data/threads.data.js';
import { findUserById, findUserByUsername, updateUser } from '../data/users.data.js';
import {
  findReportById, insertReport, resolveReportRow, type ReportReasonName, type ReportResolutionName,
} from '../data/reports.data.js';
import { findAnyPostById } from '../data/posts.data.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { isAdmin, isModerator, type Viewer } from '../auth/viewer.js';
import { parseId } from '../model/global-id.js';
import * as validate from '../validation.js';
import type { Mutations } from './mutation.js';
import { deletePostIn } from './post.service.js';
import type { RateLimits } from './rate-limits.js';
import { deleteThreadIn } from './thread.service.js';

export class ModerationService {
  constructor(private readonly db: Db, private readonly mutations: Mutations, private readonly limits: RateLimits) {}

  /** Files a report, or returns the reporter's open report on the post unchanged (that one counts against no limit). */
  async reportPost(viewer: Viewer, postId: string, reason: ReportReasonName, note: string | null | undefined): Promise<ReportRow> {
    const text = note == null ? null : validate.reportNote(note);
    const id = parseId(postId, 'Post');
    const giveBack = await this.limits.take(viewer, 'report');
    try {
      const post = id === null ? null : await findAnyPostById(this.db, id);
      const thread = post && post.deletedAt === null ? await findLiveThreadById(this.db, post.threadId) : null;
      if (!post || !thread) throw notFound(`post ${postId}`);
      const { report, created } = await insertReport(this.db, { postId: post.id, reporterId: viewer.id, reason, note: text });
      if (!created) await giveBack();
      return report;
    } catch (error) {
      await giveBack();
      throw error;
    }
  }

  /**
   * Resolves an open report; POST_DELETED and AUTHOR_SUSPENDED act in the same transaction. Non-moderators are refused
   * before the report is looked at, so report ids and states never show to them.
   */
  async resolveReport(viewer: Viewer, reportId: string, resolution: ReportResolutionName): Promise<ReportRow> {
    if (!isModerator(viewer)) throw forbidden('Only moderators may resolve reports');
    const id = validate.id('id', reportId);
    return this.mutations.run(async (tx) => {
      const report = id === null ? null : await findReportById(tx, id, true);
      if (!report) throw notFound(`report ${reportId}`);
      if (report.status === 'RESOLVED') throw badInput(`report ${reportId} is already resolved`, 'id');
      const changes: DomainChange[] = [];
      if (resolution === 'POST_DELETED') changes.push(...await deleteReportedPost(tx, report.postId));
      if (resolution === 'AUTHOR_SUSPENDED') {
        const post = await findAnyPostById(tx, report.postId);
        const author = await findUserById(tx, post!.authorId);
        changes.push(...await suspendIn(tx, viewer, author!, `Reported post ${report.postId}: ${report.reason}`, null));
      }
      return { result: await resolveReportRow(tx, report.id, resolution, viewer.id), changes };
    });
  }

  /** `until` null: indefinitely. Revokes every token of the user's. */
  async suspendUser(viewer: Viewer, username: string, reason: string, until: Date | null | undefined): Promise<UserRow> {
    validate.username(username);
    const why = validate.suspensionReason(reason);
    if (until != null && !(until.getTime() > Date.now())) throw badInput('until must be in the future (or null: indefinitely)', 'until');
    const user = await findUserByUsername(this.db, username);
    if (!user) throw notFound(`user "${username}"`);
    return this.mutations.run(async (tx) => {
      const changes = await suspendIn(tx, viewer, user, why, until ?? null);
      return { result: (await findUserById(tx, user.id))!, changes };
    });
  }

  async unsuspendUser(viewer: Viewer, username: string): Promise<UserRow> {
    validate.username(username);
    const user = await findUserByUsername(this.db, username);
    if (!user) throw notFound(`user "${username}"`);
    mayModerate(viewer, user);
    return this.mutations.run(async (tx) => {
      const updated = await updateUser(tx, user.id, { suspendedAt: null, suspendedUntil: null, suspensionReason: null });
      return { result: updated!, changes: [{ type: 'user.updated', userId: user.id }] };
    });
  }
}

/** Moderators act on members; admins on anyone but admins. */
function mayModerate(viewer: Viewer, user: UserRow): void {
  if (!isModerator(viewer)) throw forbidden('Only moderators may suspend users');
  if (user.role === 'ADMIN') throw forbidden('Admins cannot be suspended');
  if (user.role === 'MODERATOR' && !isAdmin(viewer)) throw forbidden('Only admins may suspend moderators');
}

async function suspendIn(tx: Db, viewer: Viewer, user: UserRow, reason: string, until: Date | null): Promise<DomainChange[]> {
  mayModerate(viewer, user);
  await updateUser(tx, user.id, { suspendedAt: new Date(), suspendedUntil: until, suspensionReason: reason });
  await revokeUserSessions(tx, user.id);
  return [{ type: 'user.updated', userId: user.id }, { type: 'sessions.revoked', userId: user.id }];
}

/** Soft-deletes a reported post if it is still live; its thread with it when it is the opening post (as deleteThread). */
async function deleteReportedPost(tx: Db, postId: number): Promise<DomainChange[]> {
  const post = await findAnyPostById(tx, postId, true);
  if (!post || post.deletedAt !== null) return [];
  const thread = await findLiveThreadById(tx, post.threadId, true);
  if (!thread) return [];
  const [first] = await findFirstPosts(tx, [thread.id]);
  return first?.id === post.id ? deleteThreadIn(tx, thread) : deletePostIn(tx, post, thread);
}
