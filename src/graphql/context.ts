import type { Viewer } from '../auth/viewer.js';
import type { ResponseDeps } from '../cache/response-deps.js';
import { unauthenticated } from '../errors.js';
import type { ForumReader } from '../read/forum-reader.js';
import type { Services } from '../services/services.js';

export type { Services };


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
