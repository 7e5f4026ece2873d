// Queries and mutations executed by graphql-jit: each operation sent again is compiled once into a function, which then
// runs for every request that sends it, where graphql-js's execute walks the document again for each. A thread page that is
// not cached spent about a fifth of its CPU in that walk (bench/results, README: Performance). The compiled function
// is handed to Apollo Server as its executor, through the gateway interface (the one hook Apollo Server has for
// replacing execute); parsing, validation, the plugins and the HTTP handling stay Apollo's.
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import {
  execute, getVariableValues,
  type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';

export interface Execution {
  document: DocumentNode;
  /** The operation Apollo picked from the document (by operationName when there are several); none when none matched. */
  operation: OperationDefinitionNode | undefined;
  /** The request's operationName (graphql-js's error names it when no operation matched). */
  operationName?: string | null;
  variables: Record<string, unknown> | undefined;
  context: unknown;
}

export type Executor = (execution: Execution) => Promise<ExecutionResult> | ExecutionResult;

export interface CompiledExecutorOptions {
  /**
   * The run of an operation at which it is compiled; the runs before it execute with graphql-js. Compiling costs
   * about ten times what validating does (16 ms against 1.3 ms for the thread page's query here), so an operation
   * sent once (a one-off query in the explorer, or a client sending a new text with every request) is not compiled.
   * Defaults to 2.
   */
  compileAt?: number;
  /**
   * Compiled operations kept at most (each about 70 KiB for the thread page's query); past it the least recently run
   * one is dropped, and counts its runs again from none. Defaults to 500.
   */
  maxCompiled?: number;
}

/** An executor that says how many compiled operations it keeps now, and how many it compiled in all. */
export type CountedExecutor = Executor & { readonly kept: number; readonly compilations: number };

/** What compiledExecutor keeps per operation: its runs so far, then its compiled function (or the compiler's errors). */
interface Kept { runs: number; compiled: CompiledQuery | ExecutionResult | null }

/** Runs operations of this schema: compiled once they are run again (compileAt), with graphql-js before; bounded. */
export function compiledExecutor(schema: GraphQLSchema, options: CompiledExecutorOptions = {}): CountedExecutor {
  const compileAt = options.compileAt ?? 2;
  let compilations = 0;
  const recent = new LRUCache<Kept, true>({
    max: options.maxCompiled ?? 500,
    dispose: (_, dropped) => { dropped.compiled = null; dropped.runs = 0; },
  });
  /**
   * Per document (Apollo keeps one parsed document per query text, so a client's repeated request finds what was kept
   * for it) and operation. A document that goes out of Apollo's store takes its run counts along; a compiled function
   * holds its document until `recent` drops it.
   */
  const byDocument = new WeakMap<DocumentNode, Map<OperationDefinitionNode, Kept>>();
  const run: Executor = ({ document, operation, operationName, variables, context }) => {
    // No operation of that name (or several and no name): graphql-js answers with the error Apollo expects.
    if (!operation) return execute({ schema, document, operationName, variableValues: variables, contextValue: context });
    let byOperation = byDocument.get(document);
    if (!byOperation) byDocument.set(document, byOperation = new Map());
    let entry = byOperation.get(operation);
    if (!entry) byOperation.set(operation, entry = { runs: 0, compiled: null });
    if (entry.compiled === null && ++entry.runs >= compileAt) {
      entry.compiled = compileQuery(schema, document, operation.name?.value, { disablingCapturingStackErrors: true });
      compilations++;
      recent.set(entry, true);
    } else if (entry.compiled !== null) {
      recent.get(entry); // run again: the most recent
    }
    if (entry.compiled === null) {
      return execute({ schema, document, operationName: operation.name?.value, variableValues: variables, contextValue: context });
    }
    if (!isCompiledQuery(entry.compiled)) return entry.compiled; // the errors of a document that cannot be compiled
    // Variables are checked by graphql-js first: its errors name the variable's definition, which is how Apollo tells
    // a client's bad variable (BAD_USER_INPUT, status 400) from a server error; graphql-jit's do not.
    const checked = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
    if (checked.errors) return { errors: checked.errors };
    return entry.compiled.query(undefined, context, withDefaults(operation, variables, checked.coerced));
  };
  return Object.defineProperties(run, {
    kept: { get: () => recent.size },
    compilations: { get: () => compilations },
  }) as CountedExecutor;
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
          document: request.document,
          operation: request.operation,
          operationName: request.request.operationName,
          variables: request.request.variables,
          context: request.context,
        }),
      };
    },
    async stop() {},
  };
}

/**
 * The request's variables with the operation's defaults in place of those it left out, as graphql-js coerced them
 * (`coerced`): graphql-jit refuses an omitted non-null variable even when it has a default (`$first: Int! = 20`).
 */
function withDefaults(operation: OperationDefinitionNode, given: Record<string, unknown> | undefined, coerced: Record<string, unknown>) {
  const variables = { ...given };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (definition.defaultValue !== undefined && variables[name] === undefined) variables[name] = coerced[name];
  }
  return variables;
}
