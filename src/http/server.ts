// Our own HTTP layer in front of Apollo: routing, body limits, authentication, health and metrics.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { bearerToken } from '../auth/tokens.js';
import type { Viewer } from '../auth/viewer.js';
import { ErrorCode, ForumError } from '../errors.js';
import type { ForumContext } from '../graphql/context.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { BodyTooLarge, readBody } from './body.js';
import type { ResponseFastPath } from './fast-path.js';
import { ResponseDeps } from '../cache/response-deps.js';

export interface HttpDeps {
  apollo: ApolloServer<ForumContext>;
  logger: Logger;
  metrics: Metrics;
  authenticate(token: string): Promise<Viewer>;
  context(viewer: Viewer | null, ip: string, deps: ResponseDeps | null): ForumContext;
  /** null when the cache is off. */
  fastPath: ResponseFastPath | null;
  health(): Promise<{ status: number; body: Record<string, string> }>;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST',
  'access-control-allow-headers': 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name',
  'access-control-max-age': '600',
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

const graphqlError = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

export function createHttpServer(deps: HttpDeps): Server {
  const { logger } = deps;

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL) {
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    if (method !== 'GET' && method !== 'POST') {
      sendJson(res, 405, graphqlError(`Method ${method} is not allowed: use GET or POST`, 'METHOD_NOT_ALLOWED'), { allow: 'GET, POST' });
      return;
    }
    let body: unknown;
    let raw: string | null = null;
    if (method === 'POST') {
      try {
        raw = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          sendJson(res, 413, graphqlError('Request body is larger than 1 MiB', 'PAYLOAD_TOO_LARGE'), { connection: 'close' });
          req.resume();
          return;
        }
        throw error;
      }
    }

    // Before parsing: a stored response exists only for bytes that once parsed and succeeded.
    const fastKey = deps.fastPath?.keyOf(req, url, raw) ?? null;
    if (fastKey !== null) {
      const end = deps.metrics.requestDuration.startTimer({ operation: 'query' });
      if (await deps.fastPath!.serve(fastKey, res, CORS_HEADERS)) {
        end();
        return;
      }
    }
    const responseDeps = fastKey !== null ? new ResponseDeps() : null;

    if (raw !== null) {
      if (String(req.headers['content-type'] ?? '').includes('json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          sendJson(res, 400, graphqlError('The request body is not valid JSON', 'BAD_REQUEST'));
          return;
        }
      } else {
        body = raw;
      }
    }

    const token = bearerToken(req.headers.authorization);
    let viewer: Viewer | null = null;
    if (token === null) {
      sendJson(res, 401, graphqlError('The Authorization header must be "Bearer <token>": sign in again', ErrorCode.UNAUTHENTICATED), CORS_HEADERS);
      return;
    }
    if (token !== undefined) {
      try {
        viewer = await deps.authenticate(token);
      } catch (error) {
        if (error instanceof ForumError) {
          sendJson(res, 401, graphqlError(error.message, ErrorCode.UNAUTHENTICATED), CORS_HEADERS);
        } else {
          logger.error({ err: error }, 'authentication failed');
          sendJson(res, 503, graphqlError('Internal server error', ErrorCode.INTERNAL_SERVER_ERROR), CORS_HEADERS);
        }
        return;
      }
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const ip = req.socket.remoteAddress ?? 'unknown';
    const result = await deps.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search: url.search, body },
      context: async () => deps.context(viewer, ip, responseDeps),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    for (const [key, value] of Object.entries(CORS_HEADERS)) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      if (fastKey !== null && responseDeps) {
        await deps.fastPath!.store(fastKey, responseDeps, res.statusCode, result.headers, result.body.string);
      }
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    switch (url.pathname) {
      case '/graphql':
        return graphql(req, res, url);
      case '/healthz': {
        const { status, body } = await deps.health();
        return sendJson(res, status, body, { 'cache-control': 'no-store' });
      }
      case '/metrics': {
        const text = await deps.metrics.registry.metrics();
        res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
        res.end(text);
        return;
      }
      default:
        return sendJson(res, 404, { error: 'not found; GraphQL is at /graphql' });
    }
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error) => {
      logger.error({ err: error }, 'unhandled error in an HTTP request');
      if (!res.headersSent) sendJson(res, 500, graphqlError('Internal server error', ErrorCode.INTERNAL_SERVER_ERROR));
      else res.destroy();
    });
  });
  // Requests node:http refuses before they reach us (headers over 16 KiB, unparsable HTTP) get a coded JSON answer
  // too, instead of a bare status line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const payload = JSON.stringify(tooLarge
      ? graphqlError('Request headers are larger than 16 KiB', 'REQUEST_HEADER_FIELDS_TOO_LARGE')
      : graphqlError('The request is not valid HTTP', 'BAD_REQUEST'));
    socket.end(`HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n`
      + `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`);
  });
  return server;
}
