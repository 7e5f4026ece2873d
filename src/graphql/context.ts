import type { Viewer } from '../auth/viewer.js';
import type { ResponseDeps } from '../cache/response-deps.js';
import type { ViewCounter } from '../counters/view-counter.js';
import { unauthenticated } from '../errors.js';
import type { ForumReader } from '../read/forum-reader.js';
import type { AuthService } from '../services/auth.service.js';
import type { CategoryService } from '../services/category.service.js';
import type { PostService } from '../services/post.service.js';
import type { ThreadService } from '../services/thread.service.js';

export interface Services {
  auth: AuthService;
  threads: ThreadService;
  posts: PostService;
  categories: CategoryService;
  views: ViewCounter;
}

/** Built per request by the HTTP layer. */
export interface ForumContext {
  viewer: Viewer | null;
  reader: ForumReader;
  services: Services;
  ip: string;
  /** Set for requests the response fast path may store: what the response is built from. */
  deps: ResponseDeps | null;
}

export function requireViewer(ctx: ForumContext): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}
