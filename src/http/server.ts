// Our own HTTP layer in front of Apollo: one route per path, each in a file of its own (graphql-route.ts,
// explorer/route.ts); every answer, errors included, goes through responses.ts and so carries CORS headers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { Viewer } from '../auth/viewer.js';
import type { ResponseDeps } from '../cache/response-deps.js';
import { ErrorCode } from '../errors.js';
import type { ForumContext } from '../graphql/context.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { answerClientError } from './client-error.js';
import { handleExplorer, isExplorerPath } from './explorer/route.js';
import type { ResponseFastPath } from './fast-path.js';
import { handleGraphQL } from './graphql-route.js';
import type { PersistedQueryPolicy } from './persisted-query-policy.js';
import { send, sendError, sendJson } from './responses.js';

export interface HttpDeps {
  apollo: ApolloServer<ForumContext>;
  logger: Logger;
  metrics: Metrics;
  authenticate(token: string): Promise<Viewer>;
  context(viewer: Viewer | null, ip: string, deps: ResponseDeps | null): ForumContext;
  /** null when the cache is off. */
  fastPath: ResponseFastPath | null;
  /** Which persisted queries and documents a request may name (PERSISTED_QUERIES); absent: Apollo's defaults. */
  persistedQueries?: PersistedQueryPolicy;
  health(): Promise<{ status: number; body: Record<string, string> }>;
}

async function handleHealth(deps: HttpDeps, res: ServerResponse) {
  const { status, body } = await deps.health();
  sendJson(res, status, body, { 'cache-control': 'no-store' });
}

async function handleMetrics(deps: HttpDeps, res: ServerResponse) {
  send(res, 200, await deps.metrics.registry.metrics(), { 'content-type': deps.metrics.registry.contentType });
}

async function route(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/graphql') return handleGraphQL(deps, req, res, url);
  if (url.pathname === '/healthz') return handleHealth(deps, res);
  if (url.pathname === '/metrics') return handleMetrics(deps, res);
  if (isExplorerPath(url.pathname)) return handleExplorer(req, res, url);
  sendError(res, 404, ErrorCode.NOT_FOUND, 'Nothing here: GraphQL is at /graphql, the explorer at /explorer');
}

export function createHttpServer(deps: HttpDeps): Server {
  const server = createServer((req, res) => {
    route(deps, req, res).catch((error) => {
      deps.logger.error({ err: error }, 'unhandled error in an HTTP request');
      if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      else res.destroy();
    });
  });
  server.on('clientError', answerClientError);
  return server;
}
