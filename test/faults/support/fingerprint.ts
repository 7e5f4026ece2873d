// A digest of everything a mutation can change (view counts aside: they are flushed on their own), so a drill can
// tell that a refused mutation changed nothing.
import type { Sql } from 'postgres';

const FINGERPRINT = `select md5(
  coalesce((select string_agg(t::text, ',' order by id) from (select id, slug, title, tags, category_id, is_pinned, is_locked,
    post_count, last_activity_at, deleted_at from threads) t), '')
  || coalesce((select string_agg(p::text, ',' order by id) from posts p), '')
  || coalesce((select string_agg(r::text, ',' order by post_id, user_id, type) from reactions r), '')
  || coalesce((select string_agg(c::text, ',' order by id) from categories c), '')
  || coalesce((select string_agg(u::text, ',' order by id) from users u), '')
  || coalesce((select string_agg(x::text, ',' order by id) from reports x), '')
  || (select count(*) from sessions where revoked_at is null)::text) as h`;

export async function fingerprint(sql: Sql): Promise<string> {
  const rows = await sql.unsafe(FINGERPRINT);
  return rows[0]!.h as string;
}
