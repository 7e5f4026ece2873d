// PostgreSQL's COPY for the bulk data of npm run seed: rows stream as COPY text through postgres.js, several times
// faster than INSERT for millions of rows. PGlite keeps the JSON inserts of bulk-insert.ts.
import type { Sql } from 'postgres';
import type { RenderedPostSeed } from './bulk-insert.js';
import type { ReactionSeed, ThreadSeed } from './generate.js';

/** One value in COPY's text format: \N for null, backslash escapes for the characters that delimit. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (Array.isArray(value)) return field(`{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return String(value).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

async function copy(sql: Sql, table: string, columns: readonly string[], rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const stream = await sql.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
  const text = rows.map((row) => columns.map((c) => field(row[c])).join('\t')).join('\n') + '\n';
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(text);
  });
}

const THREAD_COLUMNS = ['id', 'slug', 'category_id', 'author_id', 'title', 'tags', 'is_pinned', 'is_locked', 'post_count',
  'view_count', 'last_activity_at', 'created_at', 'updated_at'] as const;
const POST_COLUMNS = ['id', 'thread_id', 'number', 'author_id', 'body', 'body_html', 'body_text', 'render_version', 'created_at'] as const;
const REACTION_COLUMNS = ['post_id', 'user_id', 'type', 'created_at'] as const;

export const copyThreads = (sql: Sql, rows: readonly ThreadSeed[]) =>
  copy(sql, 'threads', THREAD_COLUMNS, rows as unknown as Record<string, unknown>[]);
export const copyPosts = (sql: Sql, rows: readonly RenderedPostSeed[]) =>
  copy(sql, 'posts', POST_COLUMNS, rows as unknown as Record<string, unknown>[]);
export const copyReactions = (sql: Sql, rows: readonly ReactionSeed[]) =>
  copy(sql, 'reactions', REACTION_COLUMNS, rows as unknown as Record<string, unknown>[]);
