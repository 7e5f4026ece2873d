// Subscription payloads (src/graphql/resolvers/live.resolver.ts). An event says what kind of change happened and
// which thread or post it touched; the thread and post resolve like a query's, through the cache and loaders, with
// viewer fields for the subscriber, as they are when the event is delivered.
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum ThreadActivityKind {
  POST_ADDED = 'POST_ADDED',
  POST_EDITED = 'POST_EDITED',
  POST_DELETED = 'POST_DELETED',
  REACTIONS_CHANGED = 'REACTIONS_CHANGED',
  THREAD_RETITLED = 'THREAD_RETITLED',
  THREAD_RETAGGED = 'THREAD_RETAGGED',
  THREAD_LOCKED = 'THREAD_LOCKED',
  THREAD_UNLOCKED = 'THREAD_UNLOCKED',
  THREAD_PINNED = 'THREAD_PINNED',
  THREAD_UNPINNED = 'THREAD_UNPINNED',
  THREAD_MOVED = 'THREAD_MOVED',
  THREAD_DELETED = 'THREAD_DELETED',
  RESYNC = 'RESYNC',
}

export enum CategoryActivityKind {
  THREAD_CREATED = 'THREAD_CREATED',
  THREAD_MOVED_IN = 'THREAD_MOVED_IN',
  THREAD_MOVED_OUT = 'THREAD_MOVED_OUT',
  THREAD_DELETED = 'THREAD_DELETED',
  RESYNC = 'RESYNC',
}

const RESYNC = 'The subscription cannot replay what came after its position (the backlog no longer reaches it, or the '
  + 'cache was cleared after manual edits): refetch the page. Events after this event\'s `position` follow.';

const POSITION = 'Where this event stands in its thread\'s or category\'s events (opaque). Positions follow commit '
  + 'order; a client may drop an event whose position it has already seen, and resume with `after` set to the last one.';

registerEnumType(ThreadActivityKind, {
  name: 'ThreadActivityKind',
  valuesConfig: {
    POST_ADDED: { description: 'A reply was posted: `post` is it.' },
    POST_EDITED: { description: 'A post\'s body changed: `post` is it.' },
    POST_DELETED: { description: 'A post was deleted: `postId` names it, `post` is null.' },
    REACTIONS_CHANGED: { description: 'A reaction was added or removed on `post`: its counts and the thread\'s.' },
    THREAD_MOVED: { description: 'The thread moved to another category: `thread.category`.' },
    THREAD_DELETED: { description: 'The thread was deleted: `thread` is null.' },
    RESYNC: { description: RESYNC },
  },
});
registerEnumType(CategoryActivityKind, {
  name: 'CategoryActivityKind',
  valuesConfig: {
    THREAD_CREATED: { description: 'A thread was started in the category.' },
    THREAD_MOVED_IN: { description: 'A thread was moved into the category.' },
    THREAD_MOVED_OUT: { description: 'A thread was moved to another category.' },
    THREAD_DELETED: { description: 'A thread of the category was deleted: `thread` is null.' },
    RESYNC: { description: RESYNC },
  },
});

/** A change on one thread's page, as Subscription.threadActivity delivers it. */
@ObjectType({ description: "A change on a thread's page. Events of one thread arrive in the order the changes were made." })
export class ThreadActivityEvent {
  @Field(() => ThreadActivityKind) kind!: ThreadActivityKind;
  @Field(() => String, { description: POSITION }) position!: string;
  @Field(() => String) threadSlug!: string;
  @Field(() => ID, { nullable: true, description: 'The post of POST_* and REACTIONS_CHANGED events.' }) postId!: string | null;
}

/** A change of one category's thread list, as Subscription.categoryActivity delivers it. */
@ObjectType({ description: "A change of a category's thread list." })
export class CategoryActivityEvent {
  @Field(() => CategoryActivityKind) kind!: CategoryActivityKind;
  @Field(() => String, { description: POSITION }) position!: string;
  @Field(() => String) categorySlug!: string;
  @Field(() => String, { nullable: true, description: 'The thread that came, left or went; null for RESYNC.' })
  threadSlug!: string | null;
}
