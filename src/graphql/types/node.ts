// Relay's global object identification: every type a client may refetch by id implements Node. Its ids are global
// (src/model/global-id.ts); Query.node and Query.nodes (src/graphql/resolvers/node.resolver.ts) resolve them.
import { Field, ID, InterfaceType } from 'type-graphql';
import type { NodeType } from '../../model/global-id.js';

/** An ID argument of a fixed type: global ids, and (deprecated) the bare numbers issued before them. */
export const postIdArg = {
  description: "The post's global id. A bare number (as ids were before global ids) still works here: deprecated.",
};

/** A value resolved as a Node carries its type's name (node/nodes tag what they return). */
export interface TypedNode { __typename: NodeType }

@InterfaceType({
  description: 'An object with a global id: pass it to node(id:) or nodes(ids:) to fetch the object again.',
  resolveType: (value: TypedNode) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: 'A global id, opaque: it names the type and the row.' }) id!: string;
}
