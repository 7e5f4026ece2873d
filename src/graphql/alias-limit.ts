// Rejects documents with more aliased fields than the limit: aliases are how one expensive field is asked for
// thousands of times in one request (each alias is evaluated on its own).
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

export function aliasLimit(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias && ++aliases === maxAliases + 1) {
          context.reportError(new GraphQLError(`A document may hold at most ${maxAliases} aliased fields`, { nodes: [node] }));
        }
      },
    };
  };
}
