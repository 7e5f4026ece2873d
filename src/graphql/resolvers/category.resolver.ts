import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../model/global-id.js';
import type { CategoryView } from '../../model/views.js';
import { notFound } from '../../errors.js';
import { requireViewer, type ForumContext } from '../context.js';
import { CreateCategoryInput, UpdateCategoryInput } from '../types/inputs.js';
import { Category } from '../types/objects.js';

@Resolver(() => Category)
export class CategoryResolver {
  @FieldResolver(() => ID)
  id(@Root() category: { id: string }): string {
    return toGlobalId('Category', category.id);
  }

  @Query(() => [Category], { description: 'Top-level categories in display order, each with its children.' })
  categories(@Ctx() ctx: ForumContext): Promise<CategoryView[]> {
    return ctx.reader.categoryTree();
  }

  @Query(() => Category, { nullable: true })
  category(@Arg('slug', () => String) slug: string, @Ctx() ctx: ForumContext): Promise<CategoryView | null> {
    return slug.length > 64 ? Promise.resolve(null) : ctx.reader.category(slug);
  }

  @FieldResolver(() => Category, { nullable: true })
  parent(@Root() category: CategoryView, @Ctx() ctx: ForumContext): Promise<CategoryView | null> | null {
    return category.parentSlug === null ? null : ctx.reader.category(category.parentSlug);
  }

  @FieldResolver(() => Int, { description: 'Live threads directly in this category.' })
  async threadCount(@Root() category: CategoryView, @Ctx() ctx: ForumContext): Promise<number> {
    return (await ctx.reader.categoryCounts(category.slug)).threadCount;
  }

  @FieldResolver(() => Int, { description: 'Live posts in live threads directly in this category.' })
  async postCount(@Root() category: CategoryView, @Ctx() ctx: ForumContext): Promise<number> {
    return (await ctx.reader.categoryCounts(category.slug)).postCount;
  }

  @FieldResolver(() => String, {
    description: 'Where this category\'s thread lists and counts stand in its events (opaque): pass it as `after` to '
      + 'categoryActivity to hear every change after what this response shows.',
  })
  liveCursor(@Root() category: CategoryView, @Ctx() ctx: ForumContext): Promise<string> {
    return ctx.reader.categoryLiveCursor(category);
  }

  @FieldResolver(() => [Category])
  children(@Root() category: CategoryView, @Ctx() ctx: ForumContext): Promise<CategoryView[]> {
    return ctx.reader.categoriesBySlugs(category.childSlugs);
  }

  @Mutation(() => Category, { description: 'Admins only.' })
  async createCategory(@Arg('input', () => CreateCategoryInput) input: CreateCategoryInput, @Ctx() ctx: ForumContext) {
    const created = await ctx.services.categories.create(requireViewer(ctx), input);
    return fresh(ctx, created.slug);
  }

  @Mutation(() => Category, { description: 'Admins only.' })
  async updateCategory(
    @Arg('slug', () => String) slug: string,
    @Arg('input', () => UpdateCategoryInput) input: UpdateCategoryInput,
    @Ctx() ctx: ForumContext,
  ) {
    await ctx.services.categories.update(requireViewer(ctx), slug, input);
    return fresh(ctx, slug);
  }
}

async function fresh(ctx: ForumContext, slug: string): Promise<CategoryView> {
  const view = await ctx.reader.category(slug);
  if (!view) throw notFound(`category "${slug}"`);
  return view;
}
