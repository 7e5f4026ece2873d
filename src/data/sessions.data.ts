import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions, users, type UserRow } from '../db/schema.js';
import { preparedAnywhere } from './prepared.js';

export async function insertSession(db: Db, tokenHash: string, userId: number, expiresAt: Date): Promise<void> {
  await db.insert(sessions).values({ tokenHash, userId, expiresAt });
}

/** A live session's user, as a request's viewer, and when the session expires. */
export interface SessionUserRow { id: number; username: string; role: UserRow['role']; expiresAt: Date }

const sessionUser = preparedAnywhere((db) => db.select({
  id: users.id, username: users.username, role: users.role, expiresAt: sessions.expiresAt,
}).from(sessions)
  .innerJoin(users, eq(users.id, sessions.userId))
  .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), isNull(sessions.revokedAt),
    sql`${sessions.expiresAt} > ${sql.placeholder('now')}::timestamptz`,
    or(isNull(users.suspendedAt), sql`${users.suspendedUntil} <= now()`)))
  .limit(1)
  .prepare('session_user'));

/**
 * The user behind a live (not revoked, not expired) session of a user who is not suspended now, in one statement.
 * A suspension revokes the user's tokens too; the condition on the user also covers a session a login started while
 * the suspension committed. Each process keeps what it read under the user's stamps (src/services/session-lookup.ts).
 */
export async function findSessionUser(db: Db, tokenHash: string): Promise<SessionUserRow | null> {
  const rows = await sessionUser(db).execute({ tokenHash, now: new Date().toISOString() });
  return rows[0] ?? null;
}

/** Revokes every live session of the user (a password change, a suspension). */
export async function revokeUserSessions(db: Db, userId: number): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

export async function revokeSession(db: Db, tokenHash: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.tokenHash, tokenHash));
}
