import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuthResolver } from './resolvers/auth.resolver.js';
import { CategoryResolver } from './resolvers/category.resolver.js';
import { PostConnectionResolver } from './resolvers/post-connection.resolver.js';
import { PostResolver } from './resolvers/post.resolver.js';
import { ThreadConnectionResolver } from './resolvers/thread-connection.resolver.js';
import { ThreadResolver } from './resolvers/thread.resolver.js';
import { DateTimeScalar } from './types/scalars.js';

let built: Promise<GraphQLSchema> | undefined;

/** The schema, built once per process (type-graphql's metadata is global). emitPath also writes the SDL there. */
export function forumSchema(emitPath?: string): Promise<GraphQLSchema> {
  const build = () => buildSchema({
    resolvers: [AuthResolver, CategoryResolver, ThreadResolver, ThreadConnectionResolver, PostResolver, PostConnectionResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    emitSchemaFile: emitPath ? { path: emitPath, sortedSchema: true } : false,
    validate: false,
  });
  if (emitPath) return build();
  built ??= build();
  return built;
}
