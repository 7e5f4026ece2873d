import 'reflect-metadata';
import { isInterfaceType, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuthResolver } from './resolvers/auth.resolver.js';
import { CategoryResolver } from './resolvers/category.resolver.js';
import { CategoryActivityResolver, ThreadActivityResolver } from './resolvers/live.resolver.js';
import { PostConnectionResolver } from './resolvers/post-connection.resolver.js';
import { PostResolver } from './resolvers/post.resolver.js';
import { ThreadConnectionResolver } from './resolvers/thread-connection.resolver.js';
import { ThreadResolver } from './resolvers/thread.resolver.js';
import { UserResolver } from './resolvers/user.resolver.js';
import { ModerationResolver } from './resolvers/moderation.resolver.js';
import { NodeResolver } from './resolvers/node.resolver.js';
import { ReadStateResolver } from './resolvers/read-state.resolver.js';
import type { TypedNode } from './types/node.js';
import { DateTimeScalar } from './types/scalars.js';

/**
 * type-graphql asks for a PubSub once there are subscriptions, but ours each bring their own `subscribe`: events come
 * from src/live (after the outbox applied a change), never from a resolver publishing.
 */
const noPubSub = {
  publish: () => { throw new Error('publish: events come from src/live, not from resolvers'); },
  subscribe: () => { throw new Error('subscribe: every subscription has its own subscribe'); },
};

let built: Promise<GraphQLSchema> | undefined;

/** The schema, built once per process (type-graphql's metadata is global). emitPath also writes the SDL there. */
export function forumSchema(emitPath?: string): Promise<GraphQLSchema> {
  const build = () => buildSchema({
    resolvers: [AuthResolver, CategoryResolver, ThreadResolver, ThreadConnectionResolver, PostResolver, PostConnectionResolver,
      ThreadActivityResolver, CategoryActivityResolver, UserResolver,
      ModerationResolver, NodeResolver, ReadStateResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    emitSchemaFile: emitPath ? { path: emitPath, sortedSchema: true } : false,
    validate: false,
    pubSub: noPubSub,
  }).then(resolveNodeTypeAtOnce);
  if (emitPath) return build();
  built ??= build();
  return built;
}

/**
 * Node's type comes from the tag its values carry (src/graphql/types/node.ts), returned at once: type-graphql wraps a
 * resolveType in an async function, and graphql-jit (src/http/compiled-execution.ts) does not wait for one.
 */
function resolveNodeTypeAtOnce(schema: GraphQLSchema): GraphQLSchema {
  const node = schema.getType('Node');
  if (isInterfaceType(node)) node.resolveType = (value: TypedNode) => value.__typename;
  return schema;
}
