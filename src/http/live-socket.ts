// Subscriptions over WebSocket on the HTTP server's own port and path (ws://host:4000/graphql), in the
// graphql-transport-ws protocol (graphql-ws), as Apollo Server's recipe sets it up. The connection is where HTTP's
// stages happen once: the connection_init payload's Authorization is checked like the header, per-IP and
// per-connection limits apply, each subscribe is parsed and validated with the query limits (once per text:
// prepared-documents.ts); errors are coded
// frames, and refusals of the connection are close codes with the error code in the reason (LIVE_CLOSE).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { getOperationAST, type DocumentNode, type ExecutionArgs, type GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { makeServer, type Context } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { bearerToken } from '../auth/tokens.js';
import type { Viewer } from '../auth/viewer.js';
import type { LiveLimits } from '../config.js';
import { ErrorCode, ForumError } from '../errors.js';
import type { ForumContext } from '../graphql/context.js';
import { selectsCategoryCursor } from '../graphql/selected-fields.js';
import { createFormatError } from '../graphql/format-error.js';
import type { LiveBus } from '../live/live-bus.js';
import { shareKey, subscribeShared } from '../live/shared-execution.js';
import type { Backlog } from '../live/backlog.js';
import { EventStream } from '../live/event-stream.js';
import { OrderedFeed } from '../live/ordered-feed.js';
import type { Logger } from '../logger.js';
import type { PersistedQueryPolicy } from './persisted-query-policy.js';
import { PreparedDocuments } from './prepared-documents.js';
import { bindWebSocketServer, type SocketExtra } from './ws-binding.js';

/** Largest WebSocket message a client may send; past it the connection closes with 1009 (ws). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** How often the server pings; a connection that has not answered by the next ping is terminated (graphql-ws). */
export const KEEPALIVE_MS = 12_000;

/** How long a new subscription waits for its channel's SUBSCRIBE to take effect before it reads the backlog. */
const SETTLE_WAIT_MS = 1000;

/** Close codes of refusals (4xxx: the application's), each with `<ErrorCode>: <message>` as the reason. */
export const LIVE_CLOSE = {
  /** The connection_init Authorization does not name a live session (graphql-ws's Unauthorized). */
  UNAUTHENTICATED: 4401,
  /** Too many connections from this IP address. */
  TOO_MANY_REQUESTS: 4429,
  /** More than LIVE_MAX_QUEUED_EVENTS events waited for this client (it does not read). */
  SLOW_CONSUMER: 4008,
} as const;

export interface LiveSocketDeps {
  server: Server;
  schema: GraphQLSchema;
  bus: LiveBus;
  /** Where subscriptions `after` a position replay from, and holes are filled (src/live/backlog.ts). */
  backlog: Backlog;
  limits: LiveLimits;
  logger: Logger;
  authenticate(token: string): Promise<Viewer>;
  context(viewer: Viewer | null, ip: string): ForumContext;
  /** In `only` mode, subscriptions too must be the manifest's operations (sent as their exact text). */
  persistedQueries?: PersistedQueryPolicy;
  /** Overrides KEEPALIVE_MS (tests). */
  keepAliveMs?: number;
}

interface ConnectionState { viewer: Viewer | null; ip: string }

const coded = (code: ErrorCode, message: string) => new ForumError(code, message);
/** A close reason carries the error code; WebSocket reasons are at most 123 bytes. */
const reasonOf = (code: ErrorCode, message: string) => `${code}: ${message}`.slice(0, 120);

/** Attaches the WebSocket endpoint to the server's `upgrade`. Returns the function that closes every connection. */
export function attachLiveSocket(deps: LiveSocketDeps): { close(): Promise<void> } {
  const { server, schema, bus, limits, logger } = deps;
  const formatError = createFormatError(logger);
  const documents = new PreparedDocuments(schema);
  // graphql-js's errors for the request's variables (of the wrong type, or missing) carry no code, and would be masked
  // as internal; over HTTP Apollo calls them BAD_USER_INPUT, and so does this endpoint. They come before execution
  // (no path) and graphql-js words them all "Variable "$name" ...".
  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] => errors.map((e) => {
    const json = e.toJSON();
    const clientInput = e.path === undefined && json.extensions?.code === undefined && e.message.startsWith('Variable "$');
    return formatError(clientInput ? { ...json, extensions: { ...json.extensions, code: ErrorCode.BAD_USER_INPUT } } : json, e);
  });
  const connections = new WeakMap<WebSocket, ConnectionState>();
  const perIp = new Map<string, number>();

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    socket.on('error', () => {}); // a client that resets mid-handshake is its own problem
    wss.handleUpgrade(req, socket, head, (ws) => {
      const ip = req.socket.remoteAddress ?? 'unknown';
      const open = perIp.get(ip) ?? 0;
      if (open >= limits.maxConnectionsPerIp) {
        ws.close(LIVE_CLOSE.TOO_MANY_REQUESTS,
          reasonOf(ErrorCode.TOO_MANY_REQUESTS, `at most ${limits.maxConnectionsPerIp} connections per IP address`));
        return;
      }
      perIp.set(ip, open + 1);
      ws.once('close', () => {
        const left = (perIp.get(ip) ?? 1) - 1;
        if (left > 0) perIp.set(ip, left);
        else perIp.delete(ip);
      });
      connections.set(ws, { viewer: null, ip });
      wss.emit('connection', ws, req);
    });
  };
  server.on('upgrade', onUpgrade);

  const stateOf = (ctx: Context<Record<string, unknown> | undefined, SocketExtra>) => connections.get(ctx.extra.socket)!;

  const protocol = makeServer<Record<string, unknown> | undefined, SocketExtra>({
    schema,
    async onConnect(ctx) {
      const raw = ctx.connectionParams?.Authorization ?? ctx.connectionParams?.authorization;
      if (raw === undefined) return true;
      const token = typeof raw === 'string' ? bearerToken(raw) : null;
      let refusal = 'connection_init Authorization must be "Bearer <token>": sign in again';
      if (token) {
        try {
          stateOf(ctx).viewer = await deps.authenticate(token);
          return true;
        } catch (error) {
          if (!(error instanceof ForumError)) throw error; // graphql-ws closes with 4500 Internal server error
          refusal = error.message;
        }
      }
      ctx.extra.socket.close(LIVE_CLOSE.UNAUTHENTICATED, reasonOf(ErrorCode.UNAUTHENTICATED, refusal));
      return false;
    },
    async onSubscribe(ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
      // The subscription being started is already counted (graphql-ws registers its id first).
      if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerConnection) {
        return [coded(ErrorCode.TOO_MANY_REQUESTS, `A connection may hold at most ${limits.maxSubscriptionsPerConnection} subscriptions`)];
      }
      const notListed = deps.persistedQueries?.subscriptionRefusal(payload.query);
      if (notListed) return [coded(notListed.code, notListed.message)];
      const document = documents.prepare(payload.query);
      if (Array.isArray(document)) return document;
      const operation = getOperationAST(document as DocumentNode, payload.operationName ?? undefined);
      if (!operation) return [coded(ErrorCode.BAD_REQUEST, 'The document must name exactly one operation to run')];
      if (operation.operation !== 'subscription') {
        return [coded(ErrorCode.BAD_REQUEST, 'Only subscriptions run over WebSocket: send queries and mutations over HTTP')];
      }
      const { viewer, ip } = stateOf(ctx);
      const socket = ctx.extra.socket;
      // An event's payload selecting Category.liveCursor reads positions before lists, as a query does.
      const positioned = selectsCategoryCursor(schema, document as DocumentNode);
      const readerFor = () => {
        const { reader } = deps.context(viewer, ip);
        if (positioned) reader.categoryPositions.want();
        return reader;
      };
      const contextValue = deps.context(viewer, ip);
      if (positioned) contextValue.reader.categoryPositions.want();
      // Each event gets a fresh reader, made only if the event's selection reads anything (a subscription that asks
      // for `kind postId` makes none: a thousand subscribers then cost no loaders per event).
      let reader: ForumContext['reader'] | null = contextValue.reader;
      Object.defineProperty(contextValue, 'reader', {
        get: () => (reader ??= readerFor()), enumerable: true, configurable: true,
      });
      const variableValues = payload.variables && typeof payload.variables === 'object' ? payload.variables : undefined;
      contextValue.live = {
        shareKey: shareKey(viewer !== null, payload.query, payload.operationName, variableValues),
        stream: async (follow) => {
          let stop = () => {};
          const feed: OrderedFeed = new OrderedFeed({
            channel: follow.channel, backlog: deps.backlog, resync: follow.resync, emit: (event) => stream.push(event),
            onError: (error) => logger.warn({ err: error, channel: follow.channel }, 'live: could not read the backlog; will retry'),
          });
          const stream = new EventStream({
            maxQueued: limits.maxQueuedEvents,
            beforeEach: () => { reader = null; },
            onOverflow: () => socket.close(LIVE_CLOSE.SLOW_CONSUMER,
              reasonOf(ErrorCode.SLOW_CONSUMER, `more than ${limits.maxQueuedEvents} events waited to be read`)),
            onEnd: () => {
              stop();
              feed.close();
            },
          });
          stop = bus.listen(follow.topic, (delivery) => feed.deliver(delivery));
          // The listener takes effect before the backlog is read, so an event is either replayed or heard live. While
          // Redis is away this does not wait long: its return makes every feed catch up ('lost').
          await Promise.race([bus.settled().catch(() => {}), new Promise((resolve) => setTimeout(resolve, SETTLE_WAIT_MS).unref())]);
          try {
            await feed.start(follow.after);
          } catch (error) {
            await stream.return();
            throw error;
          }
          return stream;
        },
      };
      return { schema, document: document as DocumentNode, operationName: payload.operationName, variableValues, contextValue };
    },
    subscribe: (args) => subscribeShared(args, (a) => (a.contextValue as ForumContext).live?.shareKey ?? null),
    onError: (_ctx, _id, _payload, errors) => format(errors),
    onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors) } : undefined),
  });
  const disposable = bindWebSocketServer(protocol, wss, deps.keepAliveMs ?? KEEPALIVE_MS, logger);

  return {
    async close() {
      server.off('upgrade', onUpgrade);
      await disposable.dispose();
    },
  };
}
