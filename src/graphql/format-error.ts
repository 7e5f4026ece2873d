// The one place where errors are shaped for clients: known codes pass, everything else is masked and logged.
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';

/** Codes whose messages were written for clients (ours and Apollo's request-level ones). */
const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'OPERATION_RESOLUTION_FAILURE',
]);

export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = unwrapResolverError(error);
    if (isStatementTimeout(original)) {
      logger.warn({ path: formatted.path }, 'a statement ran past DB_STATEMENT_TIMEOUT_MS and was cancelled');
      return {
        message: 'The request took too long in the database and was cancelled: ask for less (a smaller page, a narrower filter)',
        locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.QUERY_TIMEOUT },
      };
    }
    // Apollo's own request errors (a persisted query whose hash does not match, ...) carry a 4xx status, no code.
    const status = (error as { extensions?: { http?: { status?: number } } } | null)?.extensions?.http?.status;
    if (status !== undefined && status >= 400 && status < 500) {
      return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
    }
    logger.error({ err: original, path: formatted.path }, 'internal error in a GraphQL request');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/** PostgreSQL's query_canceled (57014), as statement_timeout raises it, anywhere in the error's chain of causes. */
export function isStatementTimeout(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '57014') return true;
  }
  return false;
}
