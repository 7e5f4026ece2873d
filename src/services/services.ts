// The write side and accounts, wired once per server (shared across requests).
import type { ForumCacheService } from '../cache/forum-cache.service.js';
import type { ViewCounter } from '../counters/view-counter.js';
import type { Database } from '../db/client.js';
import { AuthService, type LoginLimits } from './auth.service.js';
import { CategoryService } from './category.service.js';
import { Mutations, type MutationOptions } from './mutation.js';
import { PostService } from './post.service.js';
import { ThreadService } from './thread.service.js';

export interface Services {
  auth: AuthService;
  threads: ThreadService;
  posts: PostService;
  categories: CategoryService;
  views: ViewCounter;
}

export function createServices(
  database: Database, cache: ForumCacheService, views: ViewCounter, login: LoginLimits, options: MutationOptions = {},
): Services {
  const mutations = new Mutations(database, cache, options);
  return {
    auth: new AuthService(database.db, mutations, login),
    threads: new ThreadService(mutations),
    posts: new PostService(mutations),
    categories: new CategoryService(mutations),
    views,
  };
}
