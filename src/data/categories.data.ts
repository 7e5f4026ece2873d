import { asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, type CategoryRow } from '../db/schema.js';
import { canName } from './text-keys.js';

export const findCategoriesByIds = (db: Db, ids: readonly number[]) =>
  db.select().from(categories).where(inArray(categories.id, [...ids]));

export async function findCategoryBySlug(db: Db, slug: string): Promise<CategoryRow | null> {
  if (!canName(slug)) return null;
  const rows = await db.select().from(categories).where(eq(categories.slug, slug)).limit(1);
  return rows[0] ?? null;
}

export const findTopLevelSlugs = (db: Db) =>
  db.select({ slug: categories.slug }).from(categories).where(isNull(categories.parentId))
    .orderBy(asc(categories.displayOrder), asc(categories.id));

export async function insertCategory(
  db: Db, values: Pick<CategoryRow, 'slug' | 'name' | 'description' | 'icon' | 'displayOrder' | 'parentId'>,
): Promise<CategoryRow | null> {
  const rows = await db.insert(categories).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

export async function updateCategory(
  db: Db, id: number, values: Partial<Pick<CategoryRow, 'name' | 'description' | 'icon' | 'displayOrder'>>,
): Promise<CategoryRow> {
  const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const rows = Object.keys(set).length === 0
    ? await db.select().from(categories).where(eq(categories.id, id))
    : await db.update(categories).set(set).where(eq(categories.id, id)).returning();
  return rows[0]!;
}
