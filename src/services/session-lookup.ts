// The session behind a bearer token, on every signed-in request. A session's user never changes, so each process
// remembers which user a token hash belongs to; with that user known, the session is read through the cache under
// the user's stamps (keys.ts `dependencies.session`), in one cache round trip and no SQL while they hold. A logout, a
// password change, a suspension or a role change bumps one of those stamps after its commit (src/cache/invalidation.ts),
// before its mutation returns, so the next request with a revoked token misses on every process and is refused by the
// database. A token hash this process has not seen, or whose cache read is bypassed (CACHE=off, Redis unavailable, no
// lease), is looked up in the database: no copy is trusted without its stamps confirmed in the shared store.
import { LRUCache } from 'lru-cache';
import type { ForumCacheService } from '../cache/forum-cache.service.js';
import type { Db } from '../db/client.js';
import { findSessionUser, type SessionUserRow } from '../data/sessions.data.js';
import type { SessionView } from '../model/views.js';

/** How many token hashes a process remembers the user of (about 150 bytes each). */
const OWNERS_MAX = 50_000;

const sessionView = (row: SessionUserRow): SessionView => ({
  userId: row.id, username: row.username, role: row.role, expiresAt: row.expiresAt.toISOString(),
});

export class SessionLookup {
  /** Token hash → the id of the user whose session it is: a fact that never changes, so never stale. */
  private readonly owners = new LRUCache<string, number>({ max: OWNERS_MAX });

  constructor(private readonly db: Db, private readonly cache: ForumCacheService) {}

  /** The live session behind a token hash; null when it is unknown, revoked, expired, or its user is suspended. */
  async find(tokenHash: string): Promise<SessionView | null> {
    const userId = this.owners.get(tokenHash);
    if (userId === undefined) {
      const row = await findSessionUser(this.db, tokenHash);
      if (row) this.owners.set(tokenHash, row.id);
      return row && sessionView(row);
    }
    const session = await this.cache.session(tokenHash, userId, async () => {
      const row = await findSessionUser(this.db, tokenHash);
      return row && row.id === userId ? sessionView(row) : null;
    });
    // Expiry is checked on every use: a cached session outlives no more than the row would.
    return session !== null && Date.parse(session.expiresAt) > Date.now() ? session : null;
  }

  /** A session this process just started (a login, a registration, a password change): its user is known. */
  started(tokenHash: string, userId: number): void {
    this.owners.set(tokenHash, userId);
  }
}
