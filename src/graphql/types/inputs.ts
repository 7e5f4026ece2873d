import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class ThreadFilter {
  @Field(() => String, { nullable: true }) categorySlug?: string | null;
  @Field(() => String, { nullable: true, description: 'Words matched against titles and post bodies, case-insensitively.' })
  search?: string | null;
  @Field(() => [String], { nullable: true, description: 'Threads carrying every one of these tags.' }) tags?: string[] | null;
  @Field(() => String, { nullable: true }) authorUsername?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: threads with an accepted answer; false: threads without one.' })
  answered?: boolean | null;
}

@InputType()
export class CreateThreadInput {
  @Field(() => String) categorySlug!: string;
  @Field(() => String) title!: string;
  @Field(() => String) body!: string;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
}

@InputType()
export class CreatePostInput {
  @Field(() => String) threadSlug!: string;
  @Field(() => String) body!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The post this one replies to: a live post of the same thread (a bare number still works: deprecated).',
  })
  replyToPostId?: string | null;
}

@InputType({ description: 'Fields left out are unchanged. isPinned, isLocked and categorySlug need a moderator.' })
export class UpdateThreadInput {
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => String, { nullable: true }) categorySlug?: string | null;
  @Field(() => Boolean, { nullable: true }) isPinned?: boolean | null;
  @Field(() => Boolean, { nullable: true }) isLocked?: boolean | null;
}

@InputType()
export class CreateCategoryInput {
  @Field(() => String) slug!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) icon?: string | null;
  @Field(() => Int, { nullable: true }) displayOrder?: number | null;
  @Field(() => String, { nullable: true }) parentSlug?: string | null;
}

@InputType()
export class UpdateCategoryInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) icon?: string | null;
  @Field(() => Int, { nullable: true }) displayOrder?: number | null;
}

@InputType({ description: "Fields left out or null are unchanged; an empty string clears bio and avatarUrl." })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true }) displayName?: string | null;
  @Field(() => String, { nullable: true, description: 'An https:// URL of at most 500 characters.' }) avatarUrl?: string | null;
  @Field(() => String, { nullable: true, description: 'At most 2,000 characters.' }) bio?: string | null;
}
