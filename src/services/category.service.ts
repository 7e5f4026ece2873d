// Category mutations (admins only).
import type { ForumCacheService } from '../cache/forum-cache.service.js';
import { stamps } from '../cache/keys.js';
import type { Database } from '../db/client.js';
import type { CategoryRow } from '../db/schema.js';
import { findCategoriesByIds, findCategoryBySlug, insertCategory, updateCategory } from '../data/categories.data.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import * as validate from '../validation.js';

export interface CreateCategoryInput {
  slug: string; name: string; description?: string | null; icon?: string | null; displayOrder?: number | null; parentSlug?: string | null;
}
export interface UpdateCategoryInput { name?: string | null; description?: string | null; icon?: string | null; displayOrder?: number | null }

export class CategoryService {
  constructor(private readonly database: Database, private readonly cache: ForumCacheService) {}

  async create(viewer: Viewer, input: CreateCategoryInput): Promise<CategoryRow> {
    const values = {
      slug: validate.categorySlug(input.slug),
      name: validate.categoryName(input.name),
      description: input.description == null ? '' : validate.categoryDescription(input.description),
      icon: input.icon == null || input.icon === '' ? null : validate.categoryIcon(input.icon),
      displayOrder: input.displayOrder ?? 0,
    };
    const db = this.database.db;
    if (await findCategoryBySlug(db, values.slug)) throw badInput(`category slug "${values.slug}" is taken`, 'slug');
    const parent = input.parentSlug == null ? null : await findCategoryBySlug(db, input.parentSlug);
    if (input.parentSlug != null && !parent) throw notFound(`category "${input.parentSlug}"`);
    if (!isAdmin(viewer)) throw forbidden('Only admins may create categories');
    const created = await insertCategory(db, { ...values, parentId: parent?.id ?? null });
    if (!created) throw badInput(`category slug "${values.slug}" is taken`, 'slug');
    await this.cache.invalidate([
      stamps.category(created.slug), stamps.categoryLists(created.slug), stamps.categoryTree(),
      ...(parent ? [stamps.category(parent.slug)] : []),
    ]);
    return created;
  }

  async update(viewer: Viewer, slug: string, input: UpdateCategoryInput): Promise<CategoryRow> {
    const values = {
      name: input.name == null ? undefined : validate.categoryName(input.name),
      description: input.description == null ? undefined : validate.categoryDescription(input.description),
      icon: input.icon == null ? undefined : input.icon === '' ? null : validate.categoryIcon(input.icon),
      displayOrder: input.displayOrder ?? undefined,
    };
    const db = this.database.db;
    const category = await findCategoryBySlug(db, slug);
    if (!category) throw notFound(`category "${slug}"`);
    if (!isAdmin(viewer)) throw forbidden('Only admins may edit categories');
    const updated = await updateCategory(db, category.id, values);
    const [parent] = category.parentId === null ? [] : await findCategoriesByIds(db, [category.parentId]);
    // Threads and lists show a category only through its own entry; order among siblings lives in the parent and the tree.
    await this.cache.invalidate([
      stamps.category(slug), stamps.categoryTree(), ...(parent ? [stamps.category(parent.slug)] : []),
    ]);
    return updated;
  }
}
