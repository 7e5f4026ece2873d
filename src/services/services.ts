// The write side and accounts, wired once per server (shared across requests).
import type { ForumCacheService } from '../cache/forum-cache.service.js';
import type { ViewCounter } from '../counters/view-counter.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Renderer } from '../render/render-pool.js';
import { AnswerService } from './answer.service.js';
import { AuthService, type LoginLimits } from './auth.service.js';
import { SessionLookup } from './session-lookup.js';
import { CategoryService } from './category.service.js';
import { Mutations, type MutationOptions } from './mutation.js';
import { PostService } from './post.service.js';
import { RenderBackfill } from './render-backfill.js';
import { ModerationService } from './moderation.service.js';
import { ProfileService } from './profile.service.js';
import { RateLimits, type PostingLimits } from './rate-limits.js';
import { ReadStateService } from './read-state.service.js';
import { ThreadService } from './thread.service.js';

export interface Services {
  auth: AuthService;
  threads: ThreadService;
  posts: PostService;
  answers: AnswerService;
  readState: ReadStateService;
  categories: CategoryService;
  profiles: ProfileService;
  moderation: ModerationService;
  views: ViewCounter;
  /** Renders stored posts whose rendering is missing or older than the renderer (start-up runs it). */
  renderBackfill: RenderBackfill;
}

export function createServices(
  database: Database, cache: ForumCacheService, views: ViewCounter, login: LoginLimits, renderer: Renderer,
  logger: Logger, posting: PostingLimits, options: MutationOptions = {},
): Services {
  const mutations = new Mutations(database, cache, options);
  const limits = new RateLimits(database.db, posting);
  return {
    auth: new AuthService(database.db, mutations, login, new SessionLookup(database.db, cache)),
    threads: new ThreadService(mutations, renderer, limits),
    posts: new PostService(mutations, renderer, limits),
    answers: new AnswerService(mutations),
    readState: new ReadStateService(mutations),
    categories: new CategoryService(mutations),
    profiles: new ProfileService(database.db, mutations),
    moderation: new ModerationService(database.db, mutations, limits),
    views,
    renderBackfill: new RenderBackfill(database.db, mutations, renderer, logger),
  };
}
