// What the benchmark needs to know about the seeded data: threads (slug, opening post, category), categories,
// and the long thread and busy category the N+1 check pages through.
import type { Sql } from 'postgres';

export interface ThreadInfo { id: number; slug: string; firstPostId: number; categorySlug: string; postCount: number; isPinned: boolean }
export interface CategoryInfo { slug: string; threadCount: number }

export interface Catalog {
  /** In id order. */
  threads: ThreadInfo[];
  /** Busiest first. */
  categories: CategoryInfo[];
  /** A thread with at least 100 posts, if the data set has one. */
  longThread: string | null;
  longThreadPosts: number;
}

/**
 * Every live thread with its opening post: one probe of the partial index on posts(thread_id, created_at, id) per
 * thread (the EXPLAIN guard checks it reads no table of posts whole: test/scale/explain-guard.test.ts).
 */
export const CATALOG_THREADS = `select t.id, t.slug, f.id as first_post_id, c.slug as category_slug, t.post_count, t.is_pinned
    from threads t
    join categories c on c.id = t.category_id
    join lateral (select p.id from posts p where p.thread_id = t.id and p.deleted_at is null order by p.created_at, p.id limit 1) f on true
    where t.deleted_at is null order by t.id`;

export async function loadCatalog(sql: Sql): Promise<Catalog> {
  const threads = await sql.unsafe<{ id: number; slug: string; first_post_id: number; category_slug: string; post_count: number; is_pinned: boolean }[]>(CATALOG_THREADS);
  const categories = await sql<{ slug: string; n: number }[]>`
    select c.slug, count(t.id)::int as n from categories c left join threads t on t.category_id = c.id and t.deleted_at is null
    group by c.slug order by n desc, c.slug`;
  const long = threads.filter((t) => t.post_count >= 100).sort((a, b) => b.post_count - a.post_count)[0];
  return {
    threads: threads.map((t) => ({ id: t.id, slug: t.slug, firstPostId: t.first_post_id, categorySlug: t.category_slug, postCount: t.post_count, isPinned: t.is_pinned })),
    categories: categories.map((c) => ({ slug: c.slug, threadCount: c.n })),
    longThread: long?.slug ?? null,
    longThreadPosts: long?.post_count ?? 0,
  };
}

/** The thread the read-path runs hammer: a typical one (about the mean post count), the same every run. */
export function typicalThread(catalog: Catalog, postsPerThread: number): ThreadInfo {
  return catalog.threads.find((t) => t.postCount >= postsPerThread && t.postCount <= postsPerThread * 1.5) ?? catalog.threads[0]!;
}
