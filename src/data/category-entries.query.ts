// A category's read model in one statement: its row, its parent's slug and its children's slugs in display order.
// Its counts are not part of it (they change with every reply): see countCategories, which reads them from the row.
import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { categories } from '../db/schema.js';
import { arrayParam, preparedAnywhere } from './prepared.js';
import { canName } from './text-keys.js';

const categoryEntries = preparedAnywhere((db: Db) => {
  const parent = alias(categories, 'parent');
  const child = alias(categories, 'child');
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
  }).from(categories)
    .leftJoin(parent, eq(parent.id, categories.parentId))
    .leftJoinLateral(children, sql`true`)
    .where(sql`${categories.slug} = any(${sql.placeholder('slugs')}::text[])`)
    .prepare('category_entries');
});

// The counts kept in the category rows (src/data/category-counts.ts): one row per category, however many threads.
const categoryCounts = preparedAnywhere((db: Db) => db.select({
  slug: categories.slug, threadCount: categories.threadCount, postCount: categories.postCount,
}).from(categories)
  .where(sql`${categories.slug} = any(${sql.placeholder('slugs')}::text[])`)
  .prepare('category_counts'));

/** The live threads and their posts directly in each category (by slug): the counts kept in their rows. */
export async function countCategories(db: Db, slugs: readonly string[]) {
  const named = slugs.filter(canName);
  return named.length === 0 ? [] : categoryCounts(db).execute({ slugs: arrayParam(named) });
}

export async function findCategoryEntries(db: Db, slugs: readonly string[]) {
  const named = slugs.filter(canName);
  return named.length === 0 ? [] : categoryEntries(db).execute({ slugs: arrayParam(named) });
}
