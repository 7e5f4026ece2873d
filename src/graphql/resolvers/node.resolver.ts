import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { NodeValue } from '../../read/node-reader.js';
import type { ForumContext } from '../context.js';
import { Node } from '../types/node.js';

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'The object a global id names; null when it names nothing live (unknown, malformed, deleted). Global ids only.',
  })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: ForumContext): Promise<NodeValue | null> {
    return ctx.reader.nodes.node(id);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: 'One answer per id, in order: null for each that names nothing live. At most 100 ids (BAD_USER_INPUT).',
  })
  nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: ForumContext): Promise<(NodeValue | null)[]> {
    return ctx.reader.nodes.nodes(ids);
  }
}
