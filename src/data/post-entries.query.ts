// Posts' read models in one statement: the posts of a page (or of several threads' first or last pages) with the
// body fields the page shows (source, stored HTML, stored plain text, the ids of the users they mention:
// src/model/post-body-fields.ts), authors, reaction counts (a page's only when asked), live reply counts and whether
// each is the accepted answer. Each thread's page is a lateral keyset scan of the partial index (thread_id, created_at,
// id), forwards or backwards, so the statement reads only the rows it returns: a thread's last page costs what its
// first page costs.
// An entry keeps the author's id; the row's author serves a request that bypassed the cache, where it saves the
// users' statement.
import { and, asc, desc, eq, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { posts, threads, users } from '../db/schema.js';
import { ALL_BODY_FIELDS, bodyFieldsCode, type BodyFields } from '../model/post-body-fields.js';
import type { PostKey } from './posts.data.js';
import { arrayParam, preparedAnywhere } from './prepared.js';
import { postReactionCounts, publicUserColumns, withReactionsParam, type PublicUserRow } from './read-columns.js';

const pageColumns = {
  id: posts.id, threadId: posts.threadId, authorId: posts.authorId, number: posts.number, replyToId: posts.replyToId,
  createdAt: posts.createdAt, editedAt: posts.editedAt,
};
const postColumns = { ...pageColumns, body: posts.body, bodyHtml: posts.bodyHtml, bodyText: posts.bodyText };

/** Which end a page reads from: forward from the start or after a position, backward from the end or before one. */
export type PageDirection = 'forward' | 'backward';

const AT = sql`(${sql.placeholder('atTime')}::timestamptz, ${sql.placeholder('atId')}::int)`;

/** Live direct replies of a post, counted by the partial index on reply_to_id. */
const replyCountOf = (postId: SQL | typeof posts.id) =>
  sql<number>`(select count(*)::int from posts r where r.reply_to_id = ${postId} and r.deleted_at is null)`;

/**
 * The body columns of a page that shows `fields`: a field not shown is a null constant (nothing read, four bytes on
 * the wire). The source is read when shown, and otherwise, when a rendering is shown, only for rows not rendered yet
 * (until the backfill reaches them), whose rendering is then made from it on read.
 */
function bodyColumns(fields: BodyFields) {
  const text = (shown: boolean, column: SQLWrapper, name: string) =>
    (shown ? sql<string | null>`${column}` : sql<string | null>`null::text`).as(name);
  const source = fields.body ? sql<string | null>`${posts.body}`
    : fields.html || fields.text ? sql<string | null>`case when ${posts.bodyHtml} is null or ${posts.bodyText} is null then ${posts.body} end`
      : sql<string | null>`null::text`;
  return {
    body: source.as('body'), bodyHtml: text(fields.html, posts.bodyHtml, 'body_html'), bodyText: text(fields.text, posts.bodyText, 'body_text'),
    mentionIds: fields.mentions ? posts.mentionIds : sql<number[] | null>`null::int[]`.as('mention_ids'),
  };
}

/**
 * Pages of the threads in `threadIds` (an array parameter), `limit` + 1 rows each, with the body fields in `fields`
 * only. Positioned pages also tell whether a live post lies on the other side of the position (`beyond`), so both
 * pageInfo flags are exact; a left lateral join keeps the thread's row when the page itself is empty.
 */
function pageQuery(db: Db, direction: PageDirection, positioned: boolean, fields: BodyFields, name: string) {
  const forward = direction === 'forward';
  const keyset = sql`(${posts.createdAt}, ${posts.id})`;
  const position = positioned ? (forward ? sql`${keyset} > ${AT}` : sql`${keyset} < ${AT}`) : undefined;
  const order = forward ? [asc(posts.createdAt), asc(posts.id)] : [desc(posts.createdAt), desc(posts.id)];
  const page = db.select({ ...pageColumns, ...bodyColumns(fields) }).from(posts)
    .where(and(eq(posts.threadId, threads.id), isNull(posts.deletedAt), position))
    .orderBy(...order).limit(sql.placeholder('limit')).as('page');
  const counts = postReactionCounts(db, page.id, withReactionsParam);
  const beyond = positioned
    ? sql<boolean>`exists (select 1 from posts b where b.thread_id = ${threads.id} and b.deleted_at is null
        and (b.created_at, b.id) ${sql.raw(forward ? '<=' : '>=')} ${AT})`
    : sql<boolean>`false`;
  return db.select({
    threadId: threads.id,
    liveSeq: threads.liveSeq,
    beyond,
    post: {
      id: page.id, threadId: page.threadId, authorId: page.authorId, number: page.number, replyToId: page.replyToId,
      body: page.body, bodyHtml: page.bodyHtml, bodyText: page.bodyText, createdAt: page.createdAt, editedAt: page.editedAt,
    },
    author: publicUserColumns,
    reactions: { like: counts.like, helpful: counts.helpful, love: counts.love },
    mentionIds: page.mentionIds,
    replyCount: replyCountOf(sql`${page.id}`),
    isAnswer: sql<boolean>`coalesce(${threads.answerPostId} = ${page.id}, false)`,
  }).from(threads)
    .leftJoinLateral(page, sql`true`)
    .leftJoin(users, eq(users.id, page.authorId))
    .leftJoinLateral(counts, sql`true`)
    .where(sql`${threads.id} = any(${sql.placeholder('threadIds')}::int[])`)
    .orderBy(asc(threads.id), asc(page.createdAt), asc(page.id))
    .prepare(name);
}

const SHAPES = {
  forward: { direction: 'forward', positioned: false, name: 'post_first_pages' },
  forwardAt: { direction: 'forward', positioned: true, name: 'post_pages_after' },
  backward: { direction: 'backward', positioned: false, name: 'post_last_pages' },
  backwardAt: { direction: 'backward', positioned: true, name: 'post_pages_before' },
} as const;
type Shape = keyof typeof SHAPES;

/**
 * The page statements of one database handle, by shape and body fields (at most 4 x 16), each prepared when first
 * used. Every field keeps the names of before (`post_first_pages`); fewer add their code (`post_first_pages_h`).
 */
const statementsOf = preparedAnywhere(() => new Map<string, ReturnType<typeof pageQuery>>());
function statement(db: Db, shape: Shape, fields: BodyFields) {
  const code = bodyFieldsCode(fields);
  const statements = statementsOf(db);
  let query = statements.get(`${shape}:${code}`);
  if (!query) {
    const { direction, positioned, name } = SHAPES[shape];
    const every = code === bodyFieldsCode(ALL_BODY_FIELDS);
    query = pageQuery(db, direction, positioned, fields, every ? name : `${name}_${code.replace('-', 'none')}`);
    statements.set(`${shape}:${code}`, query);
  }
  return query;
}

/** A post of a page, with what its entry shows. */
export interface PostEntryRow {
  post: {
    id: number; threadId: number; authorId: number; number: number; replyToId: number | null;
    /**
     * The source, when the page shows it; when it shows only renderings, the source of a row not rendered yet and
     * null otherwise; null when it shows no text.
     */
    body: string | null;
    /** Null when the page does not show it, and on rows not rendered yet (until the backfill reaches them). */
    bodyHtml: string | null; bodyText: string | null; createdAt: Date; editedAt: Date | null;
  };
  author: PublicUserRow;
  reactions: { like: number | null; helpful: number | null; love: number | null };
  /**
   * Ids of the users the post mentions, in order (entries keep ids: users come from their own entries); null when the
   * page does not show them.
   */
  mentionIds: number[] | null;
  replyCount: number;
  isAnswer: boolean;
}

/**
 * One thread's page: its rows in thread order (limit + 1 at most), whether a live post lies beyond the position, and
 * the thread's live position read in the same snapshot (Thread.liveCursor; null when the thread has no row).
 */
export interface PageRows { rows: PostEntryRow[]; beyond: boolean; liveSeq: number | null }

/**
 * Pages of each thread, `limit + 1` live posts at most, in thread order (oldest first) whatever the direction:
 * forward from the start or after `at`, backward from the end or before `at`. The extra row (the last one forward,
 * the first one backward) tells that the page has a neighbour in its direction. Of the body fields, only `fields`.
 * `withReactions`: count the posts' reactions too (else the rows' counts are 0: see withReactionsParam).
 */
export async function findPostPageEntries(
  db: Db, threadIds: readonly number[], limit: number, direction: PageDirection, at: PostKey | null,
  fields: BodyFields = ALL_BODY_FIELDS, withReactions = true,
): Promise<Map<number, PageRows>> {
  const common = { threadIds: arrayParam(threadIds), limit: limit + 1, withReactions };
  const rows = at === null
    ? await statement(db, direction, fields).execute(common)
    : await statement(db, direction === 'forward' ? 'forwardAt' : 'backwardAt', fields)
      .execute({ ...common, atTime: at.createdAt.toISOString(), atId: at.id });
  const out = new Map<number, PageRows>(threadIds.map((id) => [id, { rows: [], beyond: false, liveSeq: null }]));
  for (const row of rows) {
    const page = out.get(row.threadId)!;
    page.beyond = row.beyond;
    page.liveSeq = row.liveSeq;
    if (row.post !== null && row.post.id !== null) page.rows.push(row as unknown as PostEntryRow);
  }
  return out;
}

/**
 * Posts by id: `live` only live posts of live threads, `anyThread` live posts whatever their thread, `written` any post
 * (what a mutation that wrote it answers, even when a deletion committed right after it).
 */
function postEntriesQuery(db: Db, scope: 'live' | 'anyThread' | 'written', name: string) {
  const counts = postReactionCounts(db, posts.id);
  return db.select({
    post: postColumns,
    author: publicUserColumns,
    reactions: { like: counts.like, helpful: counts.helpful, love: counts.love },
    mentionIds: posts.mentionIds,
    replyCount: replyCountOf(posts.id),
    isAnswer: sql<boolean>`coalesce(${threads.answerPostId} = ${posts.id}, false)`,
    threadSlug: threads.slug,
  }).from(posts)
    .innerJoin(threads, scope === 'live' ? and(eq(threads.id, posts.threadId), isNull(threads.deletedAt)) : eq(threads.id, posts.threadId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .leftJoinLateral(counts, sql`true`)
    .where(and(sql`${posts.id} = any(${sql.placeholder('ids')}::int[])`, scope === 'written' ? undefined : isNull(posts.deletedAt)))
    .prepare(name);
}
const livePostEntries = preparedAnywhere((db: Db) => postEntriesQuery(db, 'live', 'live_post_entries'));
const livePostEntriesAnyThread = preparedAnywhere((db: Db) => postEntriesQuery(db, 'anyThread', 'live_post_entries_any_thread'));
const writtenPostEntries = preparedAnywhere((db: Db) => postEntriesQuery(db, 'written', 'written_post_entries'));

/** Live posts of live threads, with author, reaction and reply counts and thread slug; absent ids are left out. */
export function findLivePostEntries(db: Db, ids: readonly number[]) {
  return livePostEntries(db).execute({ ids: arrayParam(ids) });
}

/**
 * Live posts whatever their thread's state: for a thread's answer and a reply's target, read beside a thread that
 * the response already shows from its own entry. Asking the thread's liveness again here would mix two snapshots:
 * while a deletion of the thread commits, the page could show the thread live with its answer gone.
 */
export function findLivePostEntriesAnyThread(db: Db, ids: readonly number[]) {
  return livePostEntriesAnyThread(db).execute({ ids: arrayParam(ids) });
}

/** One live post of a live thread, or null. */
export async function findLivePostEntry(db: Db, id: number) {
  const rows = await findLivePostEntries(db, [id]);
  return rows[0] ?? null;
}

/**
 * A post a mutation just wrote (created, edited, reacted to), as the mutation answers it: whether or not a deletion of
 * the post or its thread committed right after the write. An error there would tell the client that nothing was done.
 */
export async function findWrittenPostEntry(db: Db, id: number) {
  const rows = await writtenPostEntries(db).execute({ ids: arrayParam([id]) });
  return rows[0] ?? null;
}

export type LivePostEntryRow = Awaited<ReturnType<typeof findLivePostEntries>>[number];
