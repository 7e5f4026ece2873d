// Subscriptions (README "Live updates"): the subscribe step checks the slug names something, reads `after`, and
// opens the subscriber's stream (replaying the backlog after that position first); each event then resolves its
// thread and post through the reader, like a query.
import { Arg, Ctx, FieldResolver, Resolver, Root, Subscription } from 'type-graphql';
import type { SubscribeResolverData } from 'type-graphql';
import { ErrorCode, ForumError, notFound } from '../../errors.js';
import { decodeLiveCursor, encodeLiveCursor } from '../../live/live-cursor.js';
import { channelOf, topicOf, type PositionedEvent } from '../../live/live-event.js';
import { oncePerEvent } from '../../live/per-event.js';
import type { PostView, ThreadView } from '../../model/views.js';
import type { ForumContext } from '../context.js';
import { CategoryActivityEvent, CategoryActivityKind, ThreadActivityEvent, ThreadActivityKind } from '../types/live.js';
import { Post, Thread } from '../types/objects.js';
import { toGlobalId } from '../../model/global-id.js';

type SlugArgs = SubscribeResolverData<unknown, { slug: string; after?: string | null }, ForumContext>;

function liveSession(ctx: ForumContext) {
  if (!ctx.live) throw new ForumError(ErrorCode.BAD_REQUEST, 'Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql');
  return ctx.live;
}

async function follow({ args, context }: SlugArgs, topic: 'thread' | 'category') {
  const live = liveSession(context);
  const found = args.slug.length <= 300
    && await (topic === 'thread' ? context.reader.thread(args.slug) : context.reader.category(args.slug));
  if (!found) throw notFound(`${topic} "${args.slug}"`);
  const channel = channelOf(topic, found.id);
  const after = args.after == null ? null : decodeLiveCursor(args.after, channel);
  const resync = (seq: number) => ({ topic, slug: args.slug, kind: 'RESYNC', channel, seq }) as PositionedEvent;
  return live.stream({ topic: topicOf({ topic, slug: args.slug }), channel, after, resync });
}

const AFTER = 'A Thread.liveCursor or Category.liveCursor of this page, or the position of an event of this subscription: '
  + 'every event after it is replayed first, in order, then live ones follow. Omitted: from now on.';

/** `source`: the delivered event, the same object for every subscriber of this process (per-event.ts). */
interface ThreadEventValue { kind: ThreadActivityKind; threadSlug: string; postId: string | null; position: string; source: PositionedEvent }
interface CategoryEventValue { kind: CategoryActivityKind; categorySlug: string; threadSlug: string | null; position: string; source: PositionedEvent }

@Resolver(() => ThreadActivityEvent)
export class ThreadActivityResolver {
  @Subscription(() => ThreadActivityEvent, {
    subscribe: (data: SlugArgs) => follow(data, 'thread'),
    description: 'Changes on one thread\'s page (posts, reactions, the thread itself), in the order they were committed, '
      + 'each sent once the change is readable. NOT_FOUND when no live thread has this slug. Over WebSocket only.',
  })
  threadActivity(
    @Arg('slug', () => String) slug: string,
    @Root() event: PositionedEvent,
    @Arg('after', () => String, { nullable: true, description: AFTER }) _after?: string | null,
  ): ThreadEventValue {
    const position = encodeLiveCursor(event.channel, event.seq);
    if (event.topic !== 'thread' || event.kind === 'RESYNC') {
      return { kind: ThreadActivityKind.RESYNC, threadSlug: slug, postId: null, position, source: event };
    }
    const postId = event.postId === undefined ? null : toGlobalId('Post', event.postId);
    return { kind: event.kind as ThreadActivityKind, threadSlug: event.slug, postId, position, source: event };
  }

  @FieldResolver(() => Thread, { nullable: true, description: 'The thread as it is now; null once deleted.' })
  thread(@Root() event: ThreadEventValue, @Ctx() ctx: ForumContext): Promise<ThreadView | null> {
    return oncePerEvent(event.source, 'thread', () => ctx.reader.thread(event.threadSlug));
  }

  @FieldResolver(() => Post, { nullable: true, description: 'The post of the event as it is now; null once deleted.' })
  async post(@Root() event: ThreadEventValue, @Ctx() ctx: ForumContext): Promise<PostView | null> {
    const id = event.source.topic === 'thread' ? event.source.postId : undefined;
    return id === undefined ? null : oncePerEvent(event.source, 'post', () => ctx.reader.livePost(id));
  }
}

@Resolver(() => CategoryActivityEvent)
export class CategoryActivityResolver {
  @Subscription(() => CategoryActivityEvent, {
    subscribe: (data: SlugArgs) => follow(data, 'category'),
    description: 'Threads created in, moved into or out of, or deleted from one category (its direct threads), in the '
      + 'order they were committed. NOT_FOUND when no category has this slug. Over WebSocket only.',
  })
  categoryActivity(
    @Arg('slug', () => String) slug: string,
    @Root() event: PositionedEvent,
    @Arg('after', () => String, { nullable: true, description: AFTER }) _after?: string | null,
  ): CategoryEventValue {
    const position = encodeLiveCursor(event.channel, event.seq);
    if (event.topic !== 'category' || event.kind === 'RESYNC') {
      return { kind: CategoryActivityKind.RESYNC, categorySlug: slug, threadSlug: null, position, source: event };
    }
    const threadSlug = event.threadSlug ?? null;
    return { kind: event.kind as CategoryActivityKind, categorySlug: event.slug, threadSlug, position, source: event };
  }

  @FieldResolver(() => Thread, { nullable: true, description: 'The thread as it is now; null once deleted.' })
  thread(@Root() event: CategoryEventValue, @Ctx() ctx: ForumContext): Promise<ThreadView | null> {
    const slug = event.threadSlug;
    return slug === null ? Promise.resolve(null) : oncePerEvent(event.source, 'thread', () => ctx.reader.thread(slug));
  }
}
