// A category's read model in one statement: its row, its parent's slug, its children's slugs in display order,
// and the live threads and their posts directly in it.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { categories, threads } from '../db/schema.js';
import { arrayParam, preparedPer } from './prepared.js';
import { canName } from './text-keys.js';

const categoryEntries = preparedPer((db: Db) => {
  const parent = alias(categories, 'parent');
  const child = alias(categories, 'child');
  const counts = db.select({
    threadCount: sql<number>`count(*)::int`.as('thread_count'),
    postCount: sql<number>`coalesce(sum(${threads.postCount}), 0)::int`.as('post_count'),
  }).from(threads).where(and(eq(threads.categoryId, categories.id), isNull(threads.deletedAt))).as('counts');
  // json, not an array type: both drivers parse json the same way.
  const children = db.select({
    slugs: sql<string[]>`coalesce(json_agg(${child.slug} order by ${child.displayOrder}, ${child.id}), '[]'::json)`.as('child_slugs'),
  }).from(child).where(eq(child.parentId, categories.id)).as('children');
  return db.select({
    category: {
      id: categories.id, slug: categories.slug, name: categories.name, description: categories.description,
      icon: categories.icon, displayOrder: categories.displayOrder, parentId: categories.parentId,
    },
    parentSlug: parent.slug,
    childSlugs: children.slugs,
    threadCount: counts.threadCount,
    postCount: counts.postCount,
  }).from(categories)
    .leftJoin(parent, eq(parent.id, categories.parentId))
    .leftJoinLateral(children, sql`true`)
    .leftJoinLateral(counts, sql`true`)
    .where(sql`${categories.slug} = any(${sql.placeholder('slugs')}::text[])`)
    .prepare('category_entries');
});

export async function findCategoryEntries(db: Db, slugs: readonly string[]) {
  const named = slugs.filter(canName);
  return named.length === 0 ? [] : categoryEntries(db).execute({ slugs: arrayParam(named) });
}
