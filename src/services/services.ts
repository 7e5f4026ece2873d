// The write side and accounts, wired once per server (shared across requests).
import type { ForumCacheService } from '../cache/forum-cache.service.js';
import type { ViewCounter } from '../counters/view-counter.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Renderer } from '../render/render-pool.js';
import { AuthService, type LoginLimits } from './auth.service.js';
import { CategoryService } from './category.service.js';
import { Mutations, type MutationOptions } from './mutation.js';
import { PostService } from './post.service.js';
import { RenderBackfill } from './render-backfill.js';
import { ThreadService } from './thread.service.js';

export interface Services {
  auth: AuthService;
  threads: ThreadService;
  posts: PostService;
  categories: CategoryService;
  views: ViewCounter;
  /** Renders stored posts whose rendering is missing or older than the renderer (start-up runs it). */
  renderBackfill: RenderBackfill;
}

export function createServices(
  database: Database, cache: ForumCacheService, views: ViewCounter, login: LoginLimits, renderer: Renderer,
  logger: Logger, options: MutationOptions = {},
): Services {
  const mutations = new Mutations(database, cache, options);
  return {
    auth: new AuthService(database.db, mutations, login),
    threads: new ThreadService(mutations, renderer),
    posts: new PostService(mutations, renderer),
    categories: new CategoryService(mutations),
    views,
    renderBackfill: new RenderBackfill(database.db, mutations, renderer, logger),
  };
}
