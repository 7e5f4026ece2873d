import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { reactions, type ReactionTypeName } from '../db/schema.js';
import { preparedAnywhere } from './prepared.js';
import { rowsOf } from './raw-rows.js';

// Built once (src/data/prepared.ts): a reaction runs these in its own transaction.
const addReaction = preparedAnywhere((db: Db) => db.insert(reactions)
  .values({ postId: sql.placeholder('postId'), userId: sql.placeholder('userId'), type: sql.placeholder('type') })
  .onConflictDoNothing().returning({ postId: reactions.postId }).prepare('add_reaction'));
const removeReaction = preparedAnywhere((db: Db) => db.delete(reactions)
  .where(and(eq(reactions.postId, sql.placeholder('postId')), eq(reactions.userId, sql.placeholder('userId')),
    eq(reactions.type, sql.placeholder('type'))))
  .returning({ postId: reactions.postId }).prepare('remove_reaction'));

/** Sets one reaction on or off; returns whether the row set changed. */
export async function setReaction(
  db: Db, postId: number, userId: number, type: ReactionTypeName, active: boolean,
): Promise<boolean> {
  const rows = await (active ? addReaction : removeReaction)(db).execute({ postId, userId, type });
  return rows.length > 0;
}

/**
 * toggleReaction in one statement: removes the reaction when the viewer has it, else adds it. Returns whether the row
 * set changed, as setReaction does. The caller holds the post's row lock, so two toggles of one post never interleave.
 * A flat template (no column objects) costs drizzle microseconds to build.
 */
export async function toggleReaction(db: Db, postId: number, userId: number, type: ReactionTypeName): Promise<boolean> {
  const result = await db.execute(sql`
    with removed as (
      delete from reactions where post_id = ${postId}::int and user_id = ${userId}::int and type = ${type}::text returning 1
    ),
    added as (
      insert into reactions (post_id, user_id, type)
      select ${postId}::int, ${userId}::int, ${type}::text where not exists (select 1 from removed)
      on conflict do nothing returning 1
    )
    select (select count(*) from removed)::int + (select count(*) from added)::int as changed`);
  return Number((rowsOf(result)[0] as { changed: number | string }).changed) > 0;
}
