import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { reactions, type ReactionTypeName } from '../db/schema.js';

/** Sets one reaction on or off; returns whether the row set changed. */
export async function setReaction(
  db: Db, postId: number, userId: number, type: ReactionTypeName, active: boolean,
): Promise<boolean> {
  if (active) {
    const rows = await db.insert(reactions).values({ postId, userId, type }).onConflictDoNothing().returning();
    return rows.length > 0;
  }
  const rows = await db.delete(reactions)
    .where(and(eq(reactions.postId, postId), eq(reactions.userId, userId), eq(reactions.type, type)))
    .returning();
  return rows.length > 0;
}

export async function hasReaction(db: Db, postId: number, userId: number, type: ReactionTypeName): Promise<boolean> {
  const rows = await db.select({ one: sql`1` }).from(reactions)
    .where(and(eq(reactions.postId, postId), eq(reactions.userId, userId), eq(reactions.type, type))).limit(1);
  return rows.length > 0;
}
