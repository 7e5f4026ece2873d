// Every error a client sees carries one of these codes (docs/api.md, "Limits and errors").
import { GraphQLError } from 'graphql';

export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** A statement ran past DB_STATEMENT_TIMEOUT_MS and PostgreSQL cancelled it. */
  QUERY_TIMEOUT = 'QUERY_TIMEOUT',
  // Persisted queries (src/http/persisted-query-policy.ts): the hash is unknown here (send the document with it), they
  // are off (PERSISTED_QUERIES=off), or the server runs only its manifest's operations and this is not one of them.
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
  PERSISTED_QUERY_NOT_IN_LIST = 'PERSISTED_QUERY_NOT_IN_LIST',
  // Answers of the HTTP layer, before a request reaches GraphQL (src/http/).
  BAD_REQUEST = 'BAD_REQUEST',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  REQUEST_HEADER_FIELDS_TOO_LARGE = 'REQUEST_HEADER_FIELDS_TOO_LARGE',
  // Subscriptions (src/http/live-socket.ts): a client that does not read its events is dropped.
  SLOW_CONSUMER = 'SLOW_CONSUMER',
}

/** A failure the client caused or may act on; its message is safe to show. */
export class ForumError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const badInput = (message: string, field?: string) =>
  new ForumError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const notFound = (what: string) => new ForumError(ErrorCode.NOT_FOUND, `${what} does not exist`);
export const forbidden = (message: string) => new ForumError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = (message = 'Sign in first: this operation needs a user') =>
  new ForumError(ErrorCode.UNAUTHENTICATED, message);
