import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { reactions, type ReactionTypeName } from '../db/schema.js';
import { preparedAnywhere } from './prepared.js';

// Built once (src/data/prepared.ts): a reaction runs these in its own transaction.
const reactionIs = () => and(eq(reactions.postId, sql.placeholder('postId')), eq(reactions.userId, sql.placeholder('userId')),
  eq(reactions.type, sql.placeholder('type')));
const addReaction = preparedAnywhere((db: Db) => db.insert(reactions)
  .values({ postId: sql.placeholder('postId'), userId: sql.placeholder('userId'), type: sql.placeholder('type') })
  .onConflictDoNothing().returning({ postId: reactions.postId }).prepare('add_reaction'));
const removeReaction = preparedAnywhere((db: Db) => db.delete(reactions).where(reactionIs())
  .returning({ postId: reactions.postId }).prepare('remove_reaction'));
const findReaction = preparedAnywhere((db: Db) => db.select({ one: sql`1` }).from(reactions).where(reactionIs()).limit(1)
  .prepare('find_reaction'));

/** Sets one reaction on or off; returns whether the row set changed. */
export async function setReaction(
  db: Db, postId: number, userId: number, type: ReactionTypeName, active: boolean,
): Promise<boolean> {
  const rows = await (active ? addReaction : removeReaction)(db).execute({ postId, userId, type });
  return rows.length > 0;
}

export async function hasReaction(db: Db, postId: number, userId: number, type: ReactionTypeName): Promise<boolean> {
  const rows = await findReaction(db).execute({ postId, userId, type });
  return rows.length > 0;
}
