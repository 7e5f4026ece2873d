// The read side of people for one request: profiles beyond the author card (authors themselves are ForumReader's,
// batched with the pages they appear on), name lookups, and what a profile lists (a user's threads and posts, newest
// first, and their counts). Each reads through ForumCacheService; a miss loads in one statement per batch.
import DataLoader from 'dataloader';
import type { EntryRequest } from '../cache/cache-backend.js';
import type { ForumCacheService } from '../cache/forum-cache.service.js';
import { dependencies, keys } from '../cache/keys.js';
import type { ResponseDeps } from '../cache/response-deps.js';
import type { Db } from '../db/client.js';
import { canName } from '../data/text-keys.js';
import { countUserContent, findUserIdsByNames, findUserPostPage, findUserThreadPage, type NewestKey } from '../data/user-lists.query.js';
import { findProfiles } from '../data/users.data.js';
import { notFound } from '../errors.js';
import type { PostPageView, ProfileView, ThreadListView } from '../model/views.js';
import * as validate from '../validation.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import { postView } from './post-view.js';
import { readReports, type ReportPage } from './report-reader.js';
import type { ReportStatusName } from '../data/reports.data.js';

export interface UserCountsView { threadCount: number; postCount: number }

const isNewestPosition = (p: unknown) => Array.isArray(p) && p.length === 2 && validate.isCursorTime(p[0])
  && Number.isSafeInteger(p[1]);

export class PeopleReader {
  private readonly profiles: DataLoader<number, ProfileView | null>;
  private readonly ids: DataLoader<string, number | null>;
  private readonly counts: DataLoader<number, UserCountsView>;

  constructor(private readonly db: Db, private readonly cache: ForumCacheService, private readonly deps: ResponseDeps | null) {
    const d = deps ?? undefined;
    this.profiles = new DataLoader((ids) => cache.people(
      ids.map((id) => ({ key: keys.profile(id), stamps: dependencies.user(id) })),
      (missing) => this.buildProfiles(missing.map((i) => ids[i]!)), d));
    this.ids = new DataLoader((names) => cache.people(
      names.map((name) => ({ key: keys.userId(name), stamps: dependencies.username(name) })),
      (missing) => this.buildIds(missing.map((i) => names[i]!)), d), { cacheKeyFn: (name) => name.toLowerCase() });
    this.counts = new DataLoader((ids) => cache.people(
      ids.map((id) => ({ key: keys.userCounts(id), stamps: dependencies.userContent(id) })),
      (missing) => this.buildCounts(missing.map((i) => ids[i]!)), d));
  }

  /** The id of the user with this name, ignoring case; null when there is none. */
  userId(username: string): Promise<number | null> {
    if (username.length > 64 || !canName(username)) return Promise.resolve(null);
    return this.ids.load(username);
  }

  /**
   * A profile. Whether a suspension holds is decided when read (against its end), and a response showing one that
   * ends is stored no longer than until then.
   */
  async profile(userId: string): Promise<ProfileView> {
    const profile = await this.profiles.load(Number(userId));
    if (!profile) throw notFound(`user ${userId}`);
    if (profile.suspendedAt !== null && profile.suspendedUntil !== null) {
      const left = Date.parse(profile.suspendedUntil) - Date.now();
      // Stored whole responses live in whole seconds: one must be gone by the end, or not be stored.
      if (left > 0 && left < 1000) this.deps?.markUncacheable();
      else if (left > 0) this.deps?.limitTtl(Math.floor(left / 1000));
    }
    return profile;
  }

  userCounts(userId: string): Promise<UserCountsView> {
    return this.counts.load(Number(userId));
  }

  /** A page of the user's live threads, newest first (pinned threads are not put first here). */
  async userThreads(userId: string, first: number, after: string | null): Promise<ThreadListView> {
    validate.first(first);
    const id = Number(userId);
    const bound = `user-threads:${id}`;
    const position = after === null ? null : decodeCursor(after, bound, isNewestPosition);
    const [page, counts] = await Promise.all([
      this.one<Omit<ThreadListView, 'totalCount'>>({ key: keys.userThreads(id, first, after), stamps: dependencies.userContent(id) },
        async () => {
          const rows = await findUserThreadPage(this.db, id, first, keyOf(position));
          const shown = rows.slice(0, first);
          return {
            slugs: shown.map((r) => r.slug),
            cursors: shown.map((r) => encodeCursor(bound, [r.createdAt.toISOString(), r.id])),
            hasNextPage: rows.length > first, hasPreviousPage: position !== null,
          };
        }),
      this.userCounts(userId),
    ]);
    return { ...page, totalCount: counts.threadCount };
  }

  /** A page of the user's live posts in live threads, newest first. */
  async userPosts(userId: string, first: number, after: string | null): Promise<{ page: PostPageView; totalCount: number }> {
    validate.first(first);
    const id = Number(userId);
    const bound = `user-posts:${id}`;
    const position = after === null ? null : decodeCursor(after, bound, isNewestPosition);
    const [page, counts] = await Promise.all([
      this.one<PostPageView>({ key: keys.userPosts(id, first, after), stamps: dependencies.userContent(id) }, async () => {
        const rows = await findUserPostPage(this.db, id, first, keyOf(position));
        const shown = rows.slice(0, first);
        return {
          posts: shown.map((row) => postView(row, row.threadSlug)),
          cursors: shown.map((r) => encodeCursor(bound, [r.post.createdAt.toISOString(), r.post.id])),
          hasNextPage: rows.length > first, hasPreviousPage: position !== null,
        };
      }),
      this.userCounts(userId),
    ]);
    return { page, totalCount: counts.postCount };
  }

  /** The moderators' queue (the caller checks the role): from the database, never cached. */
  reports(status: ReportStatusName, first: number, after: string | null): Promise<ReportPage> {
    return readReports(this.db, this.deps, status, first, after);
  }

  private async one<T>(request: EntryRequest, load: () => Promise<T>): Promise<T> {
    const [value] = await this.cache.people<T>([request], async () => [await load()], this.deps ?? undefined);
    return value!;
  }

  private async buildProfiles(ids: number[]): Promise<(ProfileView | null)[]> {
    const rows = new Map((await findProfiles(this.db, ids)).map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = rows.get(id);
      return row ? {
        bio: row.bio, suspendedAt: row.suspendedAt?.toISOString() ?? null, suspendedUntil: row.suspendedUntil?.toISOString() ?? null,
      } : null;
    });
  }

  private async buildIds(names: string[]): Promise<(number | null)[]> {
    const rows = new Map((await findUserIdsByNames(this.db, names)).map((row) => [row.name, row.id]));
    return names.map((name) => rows.get(name.toLowerCase()) ?? null);
  }

  private async buildCounts(ids: number[]): Promise<UserCountsView[]> {
    const rows = new Map((await countUserContent(this.db, ids)).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? { threadCount: 0, postCount: 0 });
  }
}

const keyOf = (position: unknown[] | null): NewestKey | null =>
  position === null ? null : { createdAt: new Date(position[0] as string), id: position[1] as number };
