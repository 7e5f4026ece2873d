import { FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { PostPageView, PostView } from '../../model/views.js';
import { PageInfo, Post, PostConnection, PostEdge } from '../types/objects.js';
import { pageInfoOf } from './thread-connection.resolver.js';

export interface PostConnectionValue { page: PostPageView; totalCount: number }

@Resolver(() => PostConnection)
export class PostConnectionResolver {
  @FieldResolver(() => [PostEdge])
  edges(@Root() value: PostConnectionValue): { cursor: string; node: PostView }[] {
    return value.page.posts.map((node, i) => ({ cursor: value.page.cursors[i]!, node }));
  }

  @FieldResolver(() => [Post])
  nodes(@Root() value: PostConnectionValue): PostView[] {
    return value.page.posts;
  }

  @FieldResolver(() => PageInfo)
  pageInfo(@Root() value: PostConnectionValue): PageInfo {
    return pageInfoOf(value.page);
  }

  @FieldResolver(() => Int)
  totalCount(@Root() value: PostConnectionValue): number {
    return value.totalCount;
  }
}
