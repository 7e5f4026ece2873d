import { and, asc, eq, gt, inArray, isNull, lt, or, sql, type Placeholder, type WithSubquery } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { posts, threads, type PostRow, type ThreadRow } from '../db/schema.js';
import { preparedAnywhere } from './prepared.js';
import { postRow, threadRow } from './read-columns.js';

export interface PostKey { createdAt: Date; id: number }

/**
 * The opening post of each thread. It cannot be deleted alone, so the first live post is the opening post, and
 * asking for live posts lets the partial index (thread_id, created_at, id) answer.
 */
export const findFirstPosts = (db: Db, threadIds: readonly number[]) =>
  db.selectDistinctOn([posts.threadId]).from(posts)
    .where(and(inArray(posts.threadId, [...threadIds]), isNull(posts.deletedAt)))
    .orderBy(posts.threadId, asc(posts.createdAt), asc(posts.id));

/** A post, deleted or not (reports keep naming their post). */
export async function findAnyPostById(db: Db, id: number, forUpdate = false): Promise<PostRow | null> {
  const query = db.select().from(posts).where(eq(posts.id, id)).limit(1);
  const rows = forUpdate ? await query.for('update') : await query;
  return rows[0] ?? null;
}

/** The authors of a thread's live posts (whose profiles list them), each once. */
export async function findPosterIds(db: Db, threadId: number): Promise<number[]> {
  const rows = await db.selectDistinct({ id: posts.authorId }).from(posts)
    .where(and(eq(posts.threadId, threadId), isNull(posts.deletedAt)));
  return rows.map((r) => r.id);
}

// The statements of replies, edits and reactions are built once (src/data/prepared.ts): they run in each one's transaction.
const livePostBy = (forUpdate: boolean) => preparedAnywhere((db: Db) => {
  const query = db.select(postRow).from(posts).where(and(eq(posts.id, sql.placeholder('id')), isNull(posts.deletedAt))).limit(1);
  return (forUpdate ? query.for('update') : query).prepare(`live_post_by_id${forUpdate ? '_for_update' : ''}`);
});
const livePost = [livePostBy(false), livePostBy(true)] as const;

/** A live post (locked for update) and its thread, when that is live too (not locked), in one statement. */
export async function findLivePostInLiveThread(db: Db, id: number): Promise<{ post: PostRow; thread: ThreadRow } | null> {
  const rows = await livePostInThread(db).execute({ id });
  return rows[0] ?? null;
}

const livePostInThread = preparedAnywhere((db: Db) => db.select({ post: postRow, thread: threadRow }).from(posts)
  .innerJoin(threads, eq(threads.id, posts.threadId))
  .where(and(eq(posts.id, sql.placeholder('id')), isNull(posts.deletedAt), isNull(threads.deletedAt))).limit(1)
  .for('update', { of: posts }).prepare('live_post_in_live_thread'));

export async function findLivePostById(db: Db, id: number, forUpdate = false): Promise<PostRow | null> {
  const rows = await livePost[forUpdate ? 1 : 0](db).execute({ id });
  return rows[0] ?? null;
}

/** A body with what it renders to (src/render/), written together so a stored rendering always matches its body. */
export interface RenderedBody {
  body: string;
  bodyHtml: string;
  bodyText: string;
  mentionIds: number[];
  renderVersion: number;
}

/**
 * Inserts a post numbered one past the highest number its thread ever had (deleted posts included). The caller holds
 * the thread row lock (createPost) or has just created the thread, so two posts never draw the same number.
 */
export async function insertPost(
  db: Db, values: Pick<PostRow, 'threadId' | 'authorId'> & RenderedBody & { createdAt?: Date; replyToId?: number | null },
  ctes: WithSubquery[] = [],
): Promise<PostRow> {
  if (ctes.length === 0 && values.createdAt === undefined) {
    const { threadId, authorId, body, bodyHtml, bodyText, mentionIds, renderVersion } = values;
    const rows = await reply(db).execute({
      threadId, authorId, body, bodyHtml, bodyText, mentionIds, renderVersion, replyToId: values.replyToId ?? null,
    });
    return rows[0]!;
  }
  const rows = await (ctes.length > 0 ? db.with(...ctes) : db).insert(posts)
    .values({ ...values, number: nextNumber(values.threadId) }).returning(postRow);
  return rows[0]!;
}

const nextNumber = (threadId: number | Placeholder) =>
  sql<number>`(select coalesce(max(p.number), 0) + 1 from posts p where p.thread_id = ${threadId})`;

/** A reply (createPost): insertPost without CTEs, created now. */
const reply = preparedAnywhere((db: Db) => {
  const p = (name: string) => sql.placeholder(name);
  return db.insert(posts).values({
    threadId: p('threadId'), authorId: p('authorId'), body: p('body'), bodyHtml: p('bodyHtml'), bodyText: p('bodyText'),
    mentionIds: p('mentionIds'), renderVersion: p('renderVersion'), replyToId: p('replyToId'), number: nextNumber(p('threadId')),
  }).returning(postRow).prepare('insert_reply');
});

/** The number of the newest live post of a thread (0 when none). */
export async function newestPostNumber(db: Db, threadId: number): Promise<number> {
  const rows = await db.select({ n: sql<number>`coalesce(max(${posts.number}), 0)::int` }).from(posts)
    .where(and(eq(posts.threadId, threadId), isNull(posts.deletedAt)));
  return rows[0]?.n ?? 0;
}

export async function updatePost(db: Db, id: number, values: (RenderedBody & { editedAt: Date }) | Pick<PostRow, 'deletedAt'>) {
  if ('editedAt' in values) {
    const { body, bodyHtml, bodyText, mentionIds, renderVersion, editedAt } = values;
    const rows = await edit(db).execute({ id, body, bodyHtml, bodyText, mentionIds, renderVersion, editedAt });
    return rows[0]!;
  }
  const rows = await db.update(posts).set(values).where(eq(posts.id, id)).returning(postRow);
  return rows[0]!;
}

/** An edit (editPost): the body, its rendering and when. */
const edit = preparedAnywhere((db: Db) => {
  // update().set() takes placeholders as insert().values() does (each bound with its column's encoder when run), but
  // its types do not say so.
  const p = <T>(name: string) => sql.placeholder(name) as unknown as T;
  return db.update(posts).set({
    body: p<string>('body'), bodyHtml: p<string>('bodyHtml'), bodyText: p<string>('bodyText'),
    mentionIds: p<number[]>('mentionIds'), renderVersion: p<number>('renderVersion'), editedAt: p<Date>('editedAt'),
  }).where(eq(posts.id, sql.placeholder('id'))).returning(postRow).prepare('edit_post');
});

// ---- the rendering backfill (src/services/render-backfill.ts) ----

/** Live posts rendered by no renderer yet, or by one older than `version`. */
const staleRendering = (version: number) =>
  and(isNull(posts.deletedAt), or(isNull(posts.renderVersion), lt(posts.renderVersion, version)));

/** How many live posts need rendering: the index on render_version answers. */
export async function countStaleRenderings(db: Db, version: number): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(posts).where(staleRendering(version));
  return rows[0]!.n;
}

/** The next posts needing rendering after `afterId`, in id order (a keyset walk, so each row is visited once). */
export const findStaleRenderings = (db: Db, version: number, afterId: number, limit: number) =>
  db.select({ id: posts.id, body: posts.body }).from(posts)
    .where(and(gt(posts.id, afterId), staleRendering(version)))
    .orderBy(asc(posts.id)).limit(limit);

export interface StoredRendering extends RenderedBody { id: number }

/**
 * Stores renderings of a batch in one statement. A row is written only if its body is still the one rendered and it
 * is still stale (an edit meanwhile stored its own rendering); returns the rows written with their thread's slug.
 */
export async function storeRenderings(db: Db, rows: readonly StoredRendering[]): Promise<{ id: number; threadSlug: string }[]> {
  if (rows.length === 0) return [];
  const json = JSON.stringify(rows.map((r) => ({
    id: r.id, body: r.body, body_html: r.bodyHtml, body_text: r.bodyText, mention_ids: r.mentionIds, render_version: r.renderVersion,
  })));
  return db.update(posts).set({
    bodyHtml: sql`x.body_html`, bodyText: sql`x.body_text`, mentionIds: sql`x.mention_ids`, renderVersion: sql`x.render_version`,
  }).from(sql`json_to_recordset(${json}::json) as x(id int, body text, body_html text, body_text text, mention_ids int[], render_version int), ${threads}`)
    .where(and(
      sql`${posts.id} = x.id`, sql`${posts.body} = x.body`, eq(threads.id, posts.threadId),
      or(isNull(posts.renderVersion), sql`${posts.renderVersion} < x.render_version`),
    ))
    .returning({ id: posts.id, threadSlug: threads.slug });
}

/** The authors of these posts (deleted ones included), one per post found. */
export async function findPostAuthors(db: Db, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.select({ authorId: posts.authorId }).from(posts).where(inArray(posts.id, [...ids]));
  return rows.map((r) => r.authorId);
}
