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
    // Apollo's own request errors (a persisted query whose hash does not match, ...) carry a 4xx status, no code.
    const status = (error as { extensions?: { http?: { status?: number } } } | null)?.extensions?.http?.status;
    if (status !== undefined && status >= 400 && status < 500) {
      return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
    }
    logger.error({ err: unwrapResolverError(error), path: formatted.path }, 'internal error in a GraphQL request');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
