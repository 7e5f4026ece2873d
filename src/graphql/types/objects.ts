// Output types of the contract. Resolvers return the read models of model/views.ts; fields that are not
// plain properties (relations, viewer fields, viewCount) have field resolvers.
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from './node.js';
import { DateTimeScalar, ReactionType, Role } from './scalars.js';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType({ implements: Node })
export class User implements Node {
  // id (Node's field): the global id, a field resolver (user.resolver.ts); the read model holds the row's id.
  id!: string;
  @Field(() => String) username!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String, { nullable: true }) avatarUrl!: string | null;
  @Field(() => Role) role!: Role;
  @Field(() => DateTimeScalar) createdAt!: string;
}

@ObjectType()
export class ReactionCounts {
  @Field(() => Int) like!: number;
  @Field(() => Int) helpful!: number;
  @Field(() => Int) love!: number;
}

@ObjectType({ implements: Node })
export class Category implements Node {
  // id (Node's field): the global id, a field resolver (category.resolver.ts); the read model holds the row's id.
  id!: string;
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => String, { nullable: true }) icon!: string | null;
  @Field(() => Int) displayOrder!: number;
  // threadCount and postCount: field resolvers (src/graphql/resolvers/category.resolver.ts).
}

@ObjectType({ implements: Node })
export class Thread implements Node {
  // id (Node's field): the global id, a field resolver (thread.resolver.ts); the read model holds the row's id.
  id!: string;
  @Field(() => String) slug!: string;
  @Field(() => String) title!: string;
  @Field(() => String, {
    description: "The first post's bodyText with whitespace collapsed, cut to at most 200 characters.",
  }) excerpt!: string;
  // author: a field resolver (src/graphql/resolvers/thread.resolver.ts), from the user's own entry.
  @Field(() => [String]) tags!: string[];
  @Field(() => Boolean) isPinned!: boolean;
  @Field(() => Boolean) isLocked!: boolean;
  @Field(() => Int, { description: 'Live posts, the first post included.' }) postCount!: number;
  @Field(() => ReactionCounts, { description: "Sum over the thread's live posts." }) reactionCounts!: ReactionCounts;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => DateTimeScalar) updatedAt!: string;
  @Field(() => DateTimeScalar) lastActivityAt!: string;
}

@ObjectType({ implements: Node })
export class Post implements Node {
  // id (Node's field): the global id, a field resolver (post.resolver.ts); the read model holds the row's id.
  id!: string;
  @Field(() => String, { description: 'The source text, as written (Markdown).' }) body!: string;
  @Field(() => String, {
    description: 'The body rendered as HTML (CommonMark with GitHub-style autolinks, strikethrough, tables and fenced code), '
      + 'sanitized: safe to insert into a page as it is.',
  }) bodyHTML!: string;
  @Field(() => String, { description: 'The body as plain text, Markdown syntax removed.' }) bodyText!: string;
  // mentions: a field resolver (src/graphql/resolvers/post.resolver.ts), from the users' own entries.
  // author: a field resolver (src/graphql/resolvers/post.resolver.ts), from the user's own entry.
  @Field(() => ReactionCounts) reactionCounts!: ReactionCounts;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) editedAt!: string | null;
  @Field(() => Int, { description: '1 for the opening post; never reused, deleted posts leave gaps.' }) number!: number;
  @Field(() => Int, { description: 'Live direct replies.' }) replyCount!: number;
  @Field(() => Boolean, { description: "Whether this post is its thread's accepted answer." }) isAnswer!: boolean;
  // replyTo: a field resolver (src/graphql/resolvers/post.resolver.ts).
}

@ObjectType()
export class ThreadEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Thread) node!: Thread;
}

@ObjectType()
export class ThreadConnection {}

@ObjectType()
export class PostEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Post) node!: Post;
}

@ObjectType()
export class PostConnection {}

@ObjectType()
export class AuthPayload {
  @Field(() => String, { description: "Send as the header 'Authorization: Bearer <token>'." }) token!: string;
  @Field(() => User) user!: User;
}

export { ReactionType };
