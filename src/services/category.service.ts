// Category mutations (admins only).
import type { CategoryRow } from '../db/schema.js';
import { findCategoriesByIds, findCategoryBySlug, insertCategory, updateCategory } from '../data/categories.data.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import * as validate from '../validation.js';
import type { Mutations } from './mutation.js';

export interface CreateCategoryInput {
  slug: string; name: string; description?: string | null; icon?: string | null; displayOrder?: number | null; parentSlug?: string | null;
}
export interface UpdateCategoryInput { name?: string | null; description?: string | null; icon?: string | null; displayOrder?: number | null }

export class CategoryService {
  constructor(private readonly mutations: Mutations) {}

  async create(viewer: Viewer, input: CreateCategoryInput): Promise<CategoryRow> {
    const values = {
      slug: validate.categorySlug(input.slug),
      name: validate.categoryName(input.name),
      description: input.description == null ? '' : validate.categoryDescription(input.description),
      icon: input.icon == null || input.icon === '' ? null : validate.categoryIcon(input.icon),
      displayOrder: input.displayOrder ?? 0,
    };
    return this.mutations.run(async (tx) => {
      if (await findCategoryBySlug(tx, values.slug)) throw badInput(`category slug "${values.slug}" is taken`, 'slug');
      const parent = input.parentSlug == null ? null : await findCategoryBySlug(tx, input.parentSlug);
      if (input.parentSlug != null && !parent) throw notFound(`category "${input.parentSlug}"`);
      if (!isAdmin(viewer)) throw forbidden('Only admins may create categories');
      const created = await insertCategory(tx, { ...values, parentId: parent?.id ?? null });
      if (!created) throw badInput(`category slug "${values.slug}" is taken`, 'slug');
      return { result: created, changes: [{ type: 'category.created', slug: created.slug, parentSlug: parent?.slug ?? null }] };
    });
  }

  async update(viewer: Viewer, slug: string, input: UpdateCategoryInput): Promise<CategoryRow> {
    const values = {
      name: input.name == null ? undefined : validate.categoryName(input.name),
      description: input.description == null ? undefined : validate.categoryDescription(input.description),
      icon: input.icon == null ? undefined : input.icon === '' ? null : validate.categoryIcon(input.icon),
      displayOrder: input.displayOrder ?? undefined,
    };
    return this.mutations.run(async (tx) => {
      const category = await findCategoryBySlug(tx, slug);
      if (!category) throw notFound(`category "${slug}"`);
      if (!isAdmin(viewer)) throw forbidden('Only admins may edit categories');
      const updated = await updateCategory(tx, category.id, values);
      const [parent] = category.parentId === null ? [] : await findCategoriesByIds(tx, [category.parentId]);
      return { result: updated, changes: [{ type: 'category.updated', slug, parentSlug: parent?.slug ?? null }] };
    });
  }
}
