// graphql-ws's protocol server bound to `ws` sockets: its own `useServer`, adapted (the library invites copying it)
// so that socket and handler errors go to our logger as one line, never to the console with a stack, and a
// client's oversized or broken frame is that client's close, not an internal error.
import { CloseCode, handleProtocols, type Server } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';

export interface SocketExtra { readonly socket: WebSocket; readonly request: IncomingMessage }

/**
 * Serves every connection of `wss` with `server`. Pings every keepAliveMs; a socket that has not answered by the
 * next ping is terminated. Returns the function that closes every connection (1001 Going away) and the server.
 */
export function bindWebSocketServer(
  server: Server<SocketExtra>, wss: WebSocketServer, keepAliveMs: number, logger: Logger,
): { dispose(): Promise<void> } {
  wss.options.handleProtocols = handleProtocols;
  wss.on('error', (error) => logger.warn({ err: error }, 'live: WebSocket server error'));
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    // ws closes by itself on a frame past maxPayload (1009) or a broken frame (1002); this only keeps the log quiet.
    socket.on('error', (error) => logger.info({ err: error }, 'live: a client socket failed'));
    let pongWait: NodeJS.Timeout | null = null;
    const pinger = setInterval(() => {
      if (socket.readyState !== socket.OPEN || pongWait) return;
      pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
      socket.once('pong', () => {
        if (pongWait) clearTimeout(pongWait);
        pongWait = null;
      });
      socket.ping();
    }, keepAliveMs);
    const closed = server.opened({
      protocol: socket.protocol,
      send: (data) => new Promise<void>((resolve, reject) => {
        if (socket.readyState !== socket.OPEN) return resolve();
        socket.send(data, (error) => (error ? reject(error) : resolve()));
      }),
      close: (code, reason) => socket.close(code, reason),
      onMessage: (handle) => socket.on('message', async (data) => {
        try {
          await handle(String(data));
        } catch (error) {
          logger.error({ err: error }, 'live: internal error while handling a WebSocket message');
          socket.close(CloseCode.InternalServerError, 'Internal server error');
        }
      }),
    }, { socket, request });
    socket.once('close', (code, reason) => {
      clearInterval(pinger);
      if (pongWait) clearTimeout(pongWait);
      void closed(code, String(reason));
    });
  });
  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
