// The graphql-ws clients of the consistency drill's live readers (live-watch.ts, live-category-watch.ts): one per
// render-then-subscribe session, on a server picked at random, never retrying (a failure is reported, not hidden).
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Random } from './random.js';

const wsUrl = (http: string) => `${http.replace(/^http/, 'ws')}/graphql`;

/** A client connected at once to one of `serverUrls`; a failure to connect goes to `failures`. */
export function connectLive(serverUrls: string[], random: Random, failures: string[]): Client {
  return createClient({
    url: wsUrl(random.pick(serverUrls)), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false,
    onNonLazyError: (error) => { failures.push(`connection: ${String(error)}`); },
  });
}

/**
 * Closes a client. Its dispose() rejects with the CloseEvent when the socket had failed to connect (a server busy or
 * restarting in a drill): that failure is already counted where the connection reported it.
 */
export function disposeQuietly(client: Client): void {
  void Promise.resolve(client.dispose()).catch(() => {});
}
