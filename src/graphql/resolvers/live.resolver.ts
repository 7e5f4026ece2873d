// Subscriptions (README "Live updates"): the subscribe step checks the slug names something and opens the
// subscriber's stream; each event then resolves its thread and post through the reader, like a query.
import { Arg, Ctx, FieldResolver, Resolver, Root, Subscription } from 'type-graphql';
import type { SubscribeResolverData } from 'type-graphql';
import { ErrorCode, ForumError, notFound } from '../../errors.js';
import type { Delivery } from '../../live/live-bus.js';
import { topicOf } from '../../live/live-event.js';
import { oncePerEvent } from '../../live/per-event.js';
import type { PostView, ThreadView } from '../../model/views.js';
import type { ForumContext } from '../context.js';
import { CategoryActivityEvent, CategoryActivityKind, ThreadActivityEvent, ThreadActivityKind } from '../types/live.js';
import { Post, Thread } from '../types/objects.js';

type SlugArgs = SubscribeResolverData<unknown, { slug: string }, ForumContext>;

function liveSession(ctx: ForumContext) {
  if (!ctx.live) throw new ForumError(ErrorCode.BAD_REQUEST, 'Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql');
  return ctx.live;
}

async function threadEvents({ args, context }: SlugArgs) {
  const live = liveSession(context);
  if (args.slug.length > 300 || !(await context.reader.thread(args.slug))) throw notFound(`thread "${args.slug}"`);
  return live.stream(topicOf({ topic: 'thread', slug: args.slug }));
}

async function categoryEvents({ args, context }: SlugArgs) {
  const live = liveSession(context);
  if (args.slug.length > 300 || !(await context.reader.category(args.slug))) throw notFound(`category "${args.slug}"`);
  return live.stream(topicOf({ topic: 'category', slug: args.slug }));
}

/** `source`: the delivered event, the same object for every subscriber of this process (per-event.ts). */
interface ThreadEventValue { kind: ThreadActivityKind; threadSlug: string; postId: string | null; source: Delivery }
interface CategoryEventValue { kind: CategoryActivityKind; categorySlug: string; threadSlug: string | null; source: Delivery }

@Resolver(() => ThreadActivityEvent)
export class ThreadActivityResolver {
  @Subscription(() => ThreadActivityEvent, {
    subscribe: threadEvents,
    description: 'Changes on one thread\'s page (posts, reactions, the thread itself), in the order they were made, each '
      + 'sent once the change is readable. NOT_FOUND when no live thread has this slug. Over WebSocket only.',
  })
  threadActivity(@Arg('slug', () => String) slug: string, @Root() delivery: Delivery): ThreadEventValue {
    if (delivery === 'resync' || delivery.topic !== 'thread') {
      return { kind: ThreadActivityKind.RESYNC, threadSlug: slug, postId: null, source: delivery };
    }
    const postId = delivery.postId === undefined ? null : String(delivery.postId);
    return { kind: delivery.kind as ThreadActivityKind, threadSlug: delivery.slug, postId, source: delivery };
  }

  @FieldResolver(() => Thread, { nullable: true, description: 'The thread as it is now; null once deleted.' })
  thread(@Root() event: ThreadEventValue, @Ctx() ctx: ForumContext): Promise<ThreadView | null> {
    return oncePerEvent(event.source, 'thread', () => ctx.reader.thread(event.threadSlug));
  }

  @FieldResolver(() => Post, { nullable: true, description: 'The post of the event as it is now; null once deleted.' })
  async post(@Root() event: ThreadEventValue, @Ctx() ctx: ForumContext): Promise<PostView | null> {
    const id = event.postId;
    return id === null ? null : oncePerEvent(event.source, 'post', () => ctx.reader.livePost(Number(id)));
  }
}

@Resolver(() => CategoryActivityEvent)
export class CategoryActivityResolver {
  @Subscription(() => CategoryActivityEvent, {
    subscribe: categoryEvents,
    description: 'Threads created in, moved into or out of, or deleted from one category (its direct threads). '
      + 'NOT_FOUND when no category has this slug. Over WebSocket only.',
  })
  categoryActivity(@Arg('slug', () => String) slug: string, @Root() delivery: Delivery): CategoryEventValue {
    if (delivery === 'resync' || delivery.topic !== 'category') {
      return { kind: CategoryActivityKind.RESYNC, categorySlug: slug, threadSlug: null, source: delivery };
    }
    const threadSlug = delivery.threadSlug ?? null;
    return { kind: delivery.kind as CategoryActivityKind, categorySlug: delivery.slug, threadSlug, source: delivery };
  }

  @FieldResolver(() => Thread, { nullable: true, description: 'The thread as it is now; null once deleted.' })
  thread(@Root() event: CategoryEventValue, @Ctx() ctx: ForumContext): Promise<ThreadView | null> {
    const slug = event.threadSlug;
    return slug === null ? Promise.resolve(null) : oncePerEvent(event.source, 'thread', () => ctx.reader.thread(slug));
  }
}
