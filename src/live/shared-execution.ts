// A subscription's events as graphql-js would execute them (its subscribe: the source stream mapped through execute),
// except that subscribers who asked exactly the same thing anonymously share one execution per event in this
// process. One event reaches all of them as the same object (src/live/per-event.ts), and an anonymous result holds no
// viewer field: a thousand readers of a thread cost one execution per reply, not a thousand. A signed-in subscriber's
// events are executed for them alone (their viewer fields).
import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';

type Result = ExecutionResult | Promise<ExecutionResult>;

const shared = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
let executions = 0;

/** How many event executions this process has run (shared ones once): tests check that sharing happens. */
export const executionCount = () => executions;

/**
 * What a subscriber's events are shared under: the same operation, text and variables, anonymously; null for a
 * signed-in subscriber (never shared).
 */
export function shareKey(signedIn: boolean, query: string, operationName: string | null | undefined, variables: unknown): string | null {
  return signedIn ? null : JSON.stringify([operationName ?? null, query, variables ?? null]);
}

/** The execution of `event` for a subscriber, shared with every other subscriber under the same key. */
function executeEvent(args: ExecutionArgs, event: unknown, key: string | null): Result {
  const run = () => {
    executions++;
    return execute({ ...args, rootValue: event });
  };
  if (key === null || typeof event !== 'object' || event === null) return run();
  let byKey = shared.get(event);
  if (!byKey) shared.set(event, byKey = new Map());
  let result = byKey.get(key);
  if (!result) {
    result = Promise.resolve(run());
    byKey.set(key, result);
  }
  return result;
}

/**
 * graphql-js's subscribe with shared executions (`keyOf` gives a subscription's share key, or null). The returned
 * iterator passes return() and throw() on to the source stream, so a subscriber that leaves ends its stream.
 */
export async function subscribeShared(
  args: ExecutionArgs, keyOf: (args: ExecutionArgs) => string | null,
): Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source;
  const iterator = source[Symbol.asyncIterator]();
  const key = keyOf(args);
  const close = async () => { await iterator.return?.(); };
  const mapped: AsyncGenerator<ExecutionResult, void, void> = {
    async next() {
      const step = await iterator.next();
      if (step.done) return { value: undefined, done: true };
      try {
        return { value: await executeEvent(args, step.value, key), done: false };
      } catch (error) {
        await close();
        throw error;
      }
    },
    async return() {
      await close();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() { return this; },
  };
  return mapped;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
