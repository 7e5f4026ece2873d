// The slug of a live thread or a category by row id: node(id) reads threads and categories through their
// slug-keyed entries, as the typed queries do. One statement per batch.
import { and, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, threads } from '../db/schema.js';

export async function findLiveThreadSlugsByIds(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await db.select({ id: threads.id, slug: threads.slug }).from(threads)
    .where(and(inArray(threads.id, [...ids]), isNull(threads.deletedAt)));
  return new Map(rows.map((r) => [r.id, r.slug]));
}

export async function findCategorySlugsByIds(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await db.select({ id: categories.id, slug: categories.slug }).from(categories)
    .where(inArray(categories.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.slug]));
}
