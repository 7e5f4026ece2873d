import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions, users, type UserRow } from '../db/schema.js';

export async function insertSession(db: Db, tokenHash: string, userId: number, expiresAt: Date): Promise<void> {
  await db.insert(sessions).values({ tokenHash, userId, expiresAt });
}

/**
 * The user behind a live (not revoked, not expired) session of a user who is not suspended now, in one statement.
 * Checked on every request, in PostgreSQL: a suspension holds on the next request of every server process (its
 * tokens are revoked too; this also covers a session a login started while the suspension committed).
 */
export async function findSessionUser(db: Db, tokenHash: string): Promise<UserRow | null> {
  const rows = await db.select({ user: users }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date()),
      or(isNull(users.suspendedAt), sql`${users.suspendedUntil} <= now()`)))
    .limit(1);
  return rows[0]?.user ?? null;
}

/** Revokes every live session of the user (a password change, a suspension). */
export async function revokeUserSessions(db: Db, userId: number): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

export async function revokeSession(db: Db, tokenHash: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.tokenHash, tokenHash));
}
