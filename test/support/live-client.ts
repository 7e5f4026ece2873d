// A subscriber as a browser's Apollo Client or urql would be one: the graphql-ws client over a real WebSocket.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestForum } from './forum.js';

export interface Subscription {
  /** Every `next` payload so far. */
  events: any[];
  /** The error frame, when the server answered one. */
  errors: any[] | undefined;
  completed: boolean;
  /** Resolves once at least n payloads have arrived (fails after the timeout with what did arrive). */
  take(n: number, timeoutMs?: number): Promise<any[]>;
  stop(): void;
}

export interface LiveClient {
  client: Client;
  subscribe(query: string, variables?: Record<string, unknown>): Subscription;
  /** The close event of the socket, once closed. */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

export const wsUrl = (forum: TestForum) => forum.url.replace(/^http/, 'ws');

export function connect(forum: TestForum, token?: string, connectionParams?: Record<string, unknown>): LiveClient {
  let onClosed!: (e: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => { onClosed = resolve; });
  const client = createClient({
    url: wsUrl(forum),
    webSocketImpl: WebSocket,
    connectionParams: connectionParams ?? (token ? { Authorization: `Bearer ${token}` } : {}),
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: { closed: (event: any) => onClosed({ code: event.code, reason: String(event.reason) }) },
  });
  return {
    client,
    closed,
    subscribe(query, variables) {
      const sub: Subscription = {
        events: [], errors: undefined, completed: false,
        async take(n, timeoutMs = 5000) {
          const end = Date.now() + timeoutMs;
          while (sub.events.length < n && Date.now() < end && !sub.completed) await new Promise((r) => setTimeout(r, 10));
          if (sub.events.length < n) {
            throw new Error(`expected ${n} events, got ${JSON.stringify(sub.events)} (errors ${JSON.stringify(sub.errors)})`);
          }
          return sub.events.slice(0, n);
        },
        stop: () => {},
      };
      sub.stop = client.subscribe({ query, variables }, {
        next: (value) => { sub.events.push(value); },
        error: (error) => { sub.errors = Array.isArray(error) ? error : [error]; sub.completed = true; },
        complete: () => { sub.completed = true; },
      });
      return sub;
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/** Waits until `count` listeners of the topic are registered on the server and their SUBSCRIBEs took effect. */
export async function listening(forum: TestForum, topic: string, count = 1): Promise<void> {
  const end = Date.now() + 5000;
  while (forum.app.bus.listenerCount(topic) < count) {
    if (Date.now() > end) throw new Error(`no ${count} listeners of ${topic} after 5 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await forum.app.bus.settled();
}

/** A raw WebSocket speaking graphql-transport-ws by hand (for junk frames and close codes). */
export async function rawSocket(forum: TestForum): Promise<{
  ws: WebSocket; messages: any[]; closed: Promise<{ code: number; reason: string }>; send(message: unknown): void;
}> {
  const ws = new WebSocket(wsUrl(forum), 'graphql-transport-ws');
  const messages: any[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  ws.on('message', (data) => { try { messages.push(JSON.parse(String(data))); } catch { messages.push(String(data)); } });
  ws.on('error', () => {});
  await new Promise<void>((resolve) => {
    ws.once('open', () => resolve());
    ws.once('close', () => resolve());
  });
  return { ws, messages, closed, send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)) };
}
