import type { Viewer } from '../auth/viewer.js';
import type { ResponseDeps } from '../cache/response-deps.js';
import { unauthenticated } from '../errors.js';
import type { PositionedEvent } from '../live/live-event.js';
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
  /** Set on WebSocket connections only (src/http/live-socket.ts): where subscriptions get their events. */
  live?: LiveSession;
}

/** What one subscription follows. */
export interface LiveFollow {
  /** The bus topic (src/live/live-event.ts topicOf). */
  topic: string;
  /** The positions' channel (`thread:<id>`, `category:<id>`). */
  channel: string;
  /** Replay the backlog after this position first; null: from now on. */
  after: number | null;
  /** This subscription's RESYNC event at a position. */
  resync(seq: number): PositionedEvent;
}

/** A WebSocket connection's access to events. */
export interface LiveSession {
  /**
   * This subscriber's events of one channel in position order (src/live/ordered-feed.ts), bounded (a slow subscriber
   * is dropped). Before each event the context gets a fresh reader, so nothing loaded for one event is served for the
   * next.
   */
  stream(follow: LiveFollow): Promise<AsyncIterableIterator<PositionedEvent>>;
  /** Under which key this subscription's events are executed once for all who share it (src/live/shared-execution.ts). */
  shareKey: string | null;
}

export function requireViewer(ctx: ForumContext): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}
