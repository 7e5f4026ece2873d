// POST and GET /graphql, in the stages a request passes: CORS preflight, method, body, the response fast path,
// JSON, persisted queries (PERSISTED_QUERIES), the viewer, then Apollo. Each stage either answers (and the request ends there) or hands on what it read.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { bearerToken } from '../auth/tokens.js';
import type { Viewer } from '../auth/viewer.js';
import { ResponseDeps } from '../cache/response-deps.js';
import { ErrorCode, ForumError } from '../errors.js';
import { BodyTooLarge, readBody } from './body.js';
import { etagMatches, NO_STORE, PRIVATE_NO_STORE, VARY } from './cache-headers.js';
import { CORS_HEADERS, sendError } from './responses.js';
import type { HttpDeps } from './server.js';

/** A stage's refusal: the answer to send instead of going on (a class: a client's JSON body can never pass for one). */
class Refusal {
  constructor(readonly status: number, readonly code: ErrorCode, readonly message: string, readonly headers: Record<string, string> = {}) {}
}

const refused = (value: unknown): value is Refusal => value instanceof Refusal;

function checkMethod(method: string): Refusal | null {
  if (method === 'GET' || method === 'POST') return null;
  return new Refusal(405, ErrorCode.METHOD_NOT_ALLOWED, `Method ${method} is not allowed: use GET or POST`, { allow: 'GET, POST' });
}

/** The raw body of a POST (null for GET), or the 413 refusal past 1 MiB. */
async function readRawBody(req: IncomingMessage, method: string): Promise<string | null | Refusal> {
  if (method !== 'POST') return null;
  try {
    return await readBody(req);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    // The rest of the body is not read: close the connection rather than drain up to the client's whim.
    req.resume();
    return new Refusal(413, ErrorCode.PAYLOAD_TOO_LARGE, 'Request body is larger than 1 MiB', { connection: 'close' });
  }
}

/** JSON bodies parsed; other content types go to Apollo as they are (it answers them itself). */
function parseBody(req: IncomingMessage, raw: string | null): unknown {
  if (raw === null || !String(req.headers['content-type'] ?? '').includes('json')) return raw ?? undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return new Refusal(400, ErrorCode.BAD_REQUEST, 'The request body is not valid JSON');
  }
}

/** No Authorization header: anonymous (null). A header that does not name a live session: UNAUTHENTICATED. */
async function resolveViewer(req: IncomingMessage, deps: HttpDeps): Promise<Viewer | null | Refusal> {
  const token = bearerToken(req.headers.authorization);
  if (token === undefined) return null;
  if (token === null) {
    return new Refusal(401, ErrorCode.UNAUTHENTICATED, 'The Authorization header must be "Bearer <token>": sign in again');
  }
  try {
    return await deps.authenticate(token);
  } catch (error) {
    if (error instanceof ForumError) return new Refusal(401, ErrorCode.UNAUTHENTICATED, error.message);
    deps.logger.error({ err: error }, 'authentication failed');
    return new Refusal(503, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
  }
}

async function executeWithApollo(
  deps: HttpDeps, req: IncomingMessage, res: ServerResponse, url: URL,
  request: { method: string; body: unknown; viewer: Viewer | null; fastKey: string | null },
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const responseDeps = request.fastKey !== null ? new ResponseDeps() : null;
  const ip = req.socket.remoteAddress ?? 'unknown';
  const result = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method, headers, search: url.search, body: request.body },
    context: async () => deps.context(request.viewer, ip, responseDeps),
  });
  // Apollo's cache-control is replaced by ours (cache-headers.ts): public with an ETag, or never stored.
  for (const [key, value] of result.headers) if (key !== 'cache-control') res.setHeader(key, value);
  for (const [key, value] of Object.entries(CORS_HEADERS)) res.setHeader(key, value);
  res.statusCode = result.status ?? 200;
  const notStored = req.headers.authorization !== undefined ? PRIVATE_NO_STORE : NO_STORE;
  if (result.body.kind !== 'complete') {
    res.setHeader('cache-control', notStored);
    res.setHeader('vary', VARY);
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
    return;
  }
  const body = result.body.string;
  const validator = request.fastKey !== null && responseDeps
    ? deps.fastPath!.validatorOf(responseDeps, res.statusCode, body)
    : null;
  if (validator === null) {
    res.setHeader('cache-control', notStored);
    res.setHeader('vary', VARY);
    res.end(body);
    return;
  }
  const caching = deps.fastPath!.cacheHeaders(validator);
  res.removeHeader('cache-control'); // X-Accel-Expires must come before it (cache-headers.ts)
  for (const [key, value] of Object.entries(caching)) res.setHeader(key, value);
  if (etagMatches(req.headers['if-none-match'], caching.etag!)) {
    res.statusCode = 304;
    res.removeHeader('content-type');
    res.end();
  } else {
    res.end(body);
  }
  await deps.fastPath!.store(request.fastKey!, responseDeps!, result.headers, body, validator);
}

export async function handleGraphQL(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
    res.writeHead(204, CORS_HEADERS).end();
    return;
  }
  const refuse = (r: Refusal) => sendError(res, r.status, r.code, r.message, r.headers);

  const badMethod = checkMethod(method);
  if (badMethod) return refuse(badMethod);
  const raw = await readRawBody(req, method);
  if (refused(raw)) return refuse(raw);

  // Before parsing: a stored response exists only for bytes that once parsed and succeeded.
  const fastKey = deps.fastPath?.keyOf(req, url, raw) ?? null;
  if (fastKey !== null) {
    const end = deps.metrics.requestDuration.startTimer({ operation: 'query' });
    if (await deps.fastPath!.serve(fastKey, req, res)) {
      end();
      return;
    }
  }

  const execute = async () => {
    const body = parseBody(req, raw);
    if (refused(body)) return refuse(body);
    const persisted = deps.persistedQueries?.check(method, body, url);
    if (persisted) return refuse(new Refusal(persisted.status, persisted.code, persisted.message));
    const viewer = await resolveViewer(req, deps);
    if (refused(viewer)) return refuse(viewer);
    await executeWithApollo(deps, req, res, url, { method, body, viewer, fastKey });
  };
  await (fastKey !== null ? deps.fastPath!.serveOrBuild(fastKey, req, res, execute) : execute());
}
