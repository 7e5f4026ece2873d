// Queries and mutations executed by graphql-jit: each operation is compiled once into a function, which then runs for
// every request that sends it, where graphql-js's execute walks the document again for each. A thread page that is
// not cached spent about a fifth of its CPU in that walk (bench/results, README: Performance). The compiled function
// is handed to Apollo Server as its executor, through the gateway interface (the one hook Apollo Server has for
// replacing execute); parsing, validation, the plugins and the HTTP handling stay Apollo's.
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import {
  typeFromAST, valueFromAST,
  type DocumentNode, type ExecutionResult, type GraphQLInputType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';

export interface Execution {
  document: DocumentNode;
  /** The operation Apollo picked from the document (by operationName when there are several). */
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | undefined;
  context: unknown;
}

export type Executor = (execution: Execution) => Promise<ExecutionResult> | ExecutionResult;

/** Runs operations of this schema compiled, each compiled on its first request. */
export function compiledExecutor(schema: GraphQLSchema): Executor {
  /**
   * Compiled operations by document (Apollo keeps one parsed document per query text, so a client's repeated request
   * finds its compiled function) and operation; a document that goes out of Apollo's store takes them along.
   */
  const compiled = new WeakMap<DocumentNode, Map<OperationDefinitionNode, CompiledQuery | ExecutionResult>>();
  return ({ document, operation, variables, context }) => {
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, byOperation = new Map());
    let entry = byOperation.get(operation);
    if (!entry) {
      entry = compileQuery(schema, document, operation.name?.value, { disablingCapturingStackErrors: true });
      byOperation.set(operation, entry);
    }
    if (!isCompiledQuery(entry)) return entry; // the errors of a document that cannot be compiled
    return entry.query(undefined, context, withDefaults(schema, operation, variables));
  };
}

/** Apollo Server's executor, as a gateway that serves this schema and executes with compiledExecutor. */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  const execute = compiledExecutor(schema);
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return {
        executor: async (request) => execute({
          document: request.document, operation: request.operation, variables: request.request.variables, context: request.context,
        }),
      };
    },
    async stop() {},
  };
}

/**
 * The request's variables with the operation's defaults in place of those it left out, as graphql-js coerces them:
 * graphql-jit refuses an omitted non-null variable even when it has a default (`$first: Int! = 20`).
 */
function withDefaults(schema: GraphQLSchema, operation: OperationDefinitionNode, given: Record<string, unknown> | undefined) {
  const variables = { ...given };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (definition.defaultValue === undefined || variables[name] !== undefined) continue;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type) variables[name] = valueFromAST(definition.defaultValue, type);
  }
  return variables;
}
