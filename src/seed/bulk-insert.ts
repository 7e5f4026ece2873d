// Many rows per statement, on either driver: the rows travel as one JSON parameter and json_to_recordset
// unpacks them server-side, so a batch of thousands of rows is one round trip with one bound value.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, posts, threads, users } from '../db/schema.js';
import type { CategorySeed, IdBase, PostSeed, ReactionSeed, ThreadSeed, UserSeed } from './generate.js';

function insertJson(db: Db, table: string, columns: string, rows: readonly object[]): Promise<unknown> {
  if (rows.length === 0) return Promise.resolve();
  const names = columns.split(',').map((c) => c.trim().split(' ')[0]).join(', ');
  const query: SQL = sql`insert into ${sql.raw(table)} (${sql.raw(names)})
    select ${sql.raw(names)} from json_to_recordset(${JSON.stringify(rows)}::json) as x(${sql.raw(columns)})`;
  return db.execute(query);
}

export const insertUsers = (db: Db, rows: readonly UserSeed[]) => insertJson(db, 'users',
  'id int, username text, display_name text, avatar_url text, role text, password_hash text, created_at timestamptz', rows);

export const insertCategories = (db: Db, rows: readonly CategorySeed[]) => insertJson(db, 'categories',
  'id int, slug text, name text, description text, icon text, display_order int, parent_id int, created_at timestamptz', rows);

export const insertThreads = (db: Db, rows: readonly ThreadSeed[]) => insertJson(db, 'threads',
  'id int, slug text, category_id int, author_id int, title text, tags text[], is_pinned boolean, is_locked boolean, '
  + 'post_count int, view_count int, last_activity_at timestamptz, created_at timestamptz, updated_at timestamptz', rows);

/** Posts with their rendering (body_html, body_text, render_version), as a mutation would store them. */
export const insertPosts = (db: Db, rows: readonly RenderedPostSeed[]) => insertJson(db, 'posts',
  'id int, thread_id int, number int, author_id int, body text, body_html text, body_text text, render_version int, '
  + 'created_at timestamptz', rows);

export interface RenderedPostSeed extends PostSeed { body_html: string; body_text: string; render_version: number }

export const insertReactions = (db: Db, rows: readonly ReactionSeed[]) => insertJson(db, 'reactions',
  'post_id int, user_id int, type text, created_at timestamptz', rows);

const maxId = async (db: Db, table: typeof users | typeof categories | typeof threads | typeof posts) =>
  (await db.select({ n: sql<number>`coalesce(max(${table.id}), 0)::int` }).from(table))[0]!.n;

/** The highest id in each table: generated ids continue from there. */
export async function currentIdBase(db: Db): Promise<IdBase> {
  const [u, c, t, p] = await Promise.all([maxId(db, users), maxId(db, categories), maxId(db, threads), maxId(db, posts)]);
  return { users: u, categories: c, threads: t, posts: p };
}

/** Explicit ids bypass the serial sequences: move each past the highest id, so the server's next insert fits. */
export async function syncSequences(db: Db): Promise<void> {
  for (const table of ['users', 'categories', 'threads', 'posts']) {
    await db.execute(sql.raw(
      `select setval(pg_get_serial_sequence('${table}', 'id'), greatest(1, (select coalesce(max(id), 0) from ${table})), (select count(*) > 0 from ${table}))`));
  }
}

/**
 * Empties every forum table and restarts ids at 1 (seed --reset). The live events go too: their positions restart
 * with the threads and categories, and events kept from before would collide with the new ones.
 */
export async function truncateForum(db: Db): Promise<void> {
  await db.execute(sql.raw(`truncate table reactions, posts, threads, categories, sessions, login_failures, thread_reads,
    reports, cache_outbox, cache_leases, live_events, users restart identity cascade`));
}
