// What a WebSocket client is refused, and how: close codes with the error code in the reason for the connection,
// coded error frames for a subscription; never a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_CLOSE, MAX_MESSAGE_BYTES } from '../../src/http/live-socket.js';
import { startForum, type CacheKind, type DbKind, type TestForum } from '../support/forum.js';
import WebSocket from 'ws';
import { connect, rawSocket, wsUrl, type LiveClient } from '../support/live-client.js';
import { createThread, seedForum, type Seeded } from '../support/seed.js';
import { THREAD_ACTIVITY } from './live.suite.js';

const INIT = { type: 'connection_init' };

/** A raw socket past connection_init and its ack. */
async function acknowledged(forum: TestForum) {
  const socket = await rawSocket(forum);
  socket.send(INIT);
  await expect.poll(() => socket.messages[0]?.type).toBe('connection_ack');
  return socket;
}

export function defineLiveLimitsSuite(db: DbKind, cache: CacheKind) {
  describe(`subscription limits on ${db} + ${cache} cache`, () => {
    let forum: TestForum;
    let seed: Seeded;
    let slug: string;
    const clients: LiveClient[] = [];
    beforeAll(async () => {
      forum = await startForum({
        db, cache, config: { live: { maxSubscriptionsPerConnection: 2, maxConnectionsPerIp: 4, maxQueuedEvents: 2, backlogMaxEvents: 1000, backlogMaxAgeS: 3600 } },
        liveKeepAliveMs: 150,
      });
      seed = await seedForum(forum);
      slug = (await createThread(forum, seed.alice.token)).slug;
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.dispose()));
      await forum?.close();
    });

    it('closes a connection whose connection_init carries a token that names no session with 4401 UNAUTHENTICATED', async () => {
      for (const params of [{ Authorization: 'Bearer ' + 'x'.repeat(43) }, { Authorization: 'Basic abc' }, { Authorization: 42 }]) {
        const client = connect(forum, undefined, params);
        clients.push(client);
        const closed = await client.closed;
        expect(closed.code).toBe(LIVE_CLOSE.UNAUTHENTICATED);
        expect(closed.reason).toMatch(/^UNAUTHENTICATED: /);
      }
    });

    it('accepts a signed-in connection and an anonymous one', async () => {
      for (const token of [seed.bob.token, undefined]) {
        const client = connect(forum, token);
        clients.push(client);
        const sub = client.subscribe(THREAD_ACTIVITY, { slug });
        await new Promise((r) => setTimeout(r, 100));
        expect(sub.errors).toBeUndefined();
        sub.stop();
        await client.dispose();
      }
    });

    it('refuses a subscription past the per-connection limit with a TOO_MANY_REQUESTS error frame', async () => {
      const socket = await acknowledged(forum);
      const subscribe = (id: string) => socket.send({ id, type: 'subscribe', payload: { query: THREAD_ACTIVITY, variables: { slug } } });
      subscribe('1');
      subscribe('2');
      subscribe('3');
      await expect.poll(() => socket.messages.find((m) => m.id === '3')).toBeTruthy();
      const refusal = socket.messages.find((m) => m.id === '3');
      expect(refusal).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'TOO_MANY_REQUESTS' } }] });
      // The connection stays, and so do its two subscriptions: completing one makes room for another.
      socket.send({ id: '1', type: 'complete' });
      subscribe('4');
      await new Promise((r) => setTimeout(r, 100));
      expect(socket.messages.find((m) => m.id === '4')).toBeUndefined();
      socket.ws.close();
    });

    it('closes connections past the per-IP limit with 4429 TOO_MANY_REQUESTS', async () => {
      const sockets = await Promise.all([1, 2, 3, 4].map(() => rawSocket(forum)));
      const fifth = await rawSocket(forum);
      const closed = await fifth.closed;
      expect(closed.code).toBe(LIVE_CLOSE.TOO_MANY_REQUESTS);
      expect(closed.reason).toMatch(/^TOO_MANY_REQUESTS: /);
      for (const s of sockets) s.ws.close();
      await Promise.all(sockets.map((s) => s.closed));
      const again = await acknowledged(forum); // a closed connection frees its place
      again.ws.close();
    });

    it('answers invalid documents with coded error frames: parse, validation, depth, queries over WebSocket', async () => {
      const socket = await acknowledged(forum);
      const cases: [string, string][] = [
        ['subscription {', 'GRAPHQL_PARSE_FAILED'],
        ['subscription { nothingHere }', 'GRAPHQL_VALIDATION_FAILED'],
        [`subscription { threadActivity(slug: "${'x'}") { thread { category { parent { parent { parent { parent { parent { parent { parent { parent { parent { slug } } } } } } } } } } } } }`,
          'GRAPHQL_VALIDATION_FAILED'],
        ['query { categories { slug } }', 'BAD_REQUEST'],
        ['mutation { logout }', 'BAD_REQUEST'],
      ];
      // One at a time: refused subscribes are not active, so the per-connection limit of 2 never applies.
      for (const [i, [query, code]] of cases.entries()) {
        socket.send({ id: `q${i}`, type: 'subscribe', payload: { query } });
        await expect.poll(() => socket.messages.find((m) => m.id === `q${i}`)).toBeTruthy();
        const frame = socket.messages.find((m) => m.id === `q${i}`);
        expect(frame.type).toBe('error');
        expect(frame.payload[0].extensions.code).toBe(code);
      }
      socket.ws.close();
    });

    it('answers a variable of the wrong type, or a missing one, with BAD_USER_INPUT, not an internal error', async () => {
      const socket = await acknowledged(forum);
      const query = 'subscription($s: String!) { threadActivity(slug: $s) { kind } }';
      socket.send({ id: 'v1', type: 'subscribe', payload: { query, variables: { s: 42 } } });
      socket.send({ id: 'v2', type: 'subscribe', payload: { query, variables: {} } });
      for (const id of ['v1', 'v2']) {
        await expect.poll(() => socket.messages.find((m) => m.id === id && m.type !== 'complete')).toBeTruthy();
        const frame = socket.messages.find((m) => m.id === id && m.type !== 'complete');
        const errors = frame.type === 'error' ? frame.payload : frame.payload.errors;
        expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
        expect(errors[0].message).toMatch(/^Variable "\$s"/);
      }
      socket.ws.close();
    });

    it('closes on a junk frame (4400) and on a message past the size bound (1009), and keeps serving others', async () => {
      const junk = await rawSocket(forum);
      junk.send('{{{ not json');
      expect((await junk.closed).code).toBe(4400);
      const unknown = await rawSocket(forum);
      unknown.send(INIT);
      unknown.send({ type: 'launch', id: 'x' });
      expect((await unknown.closed).code).toBe(4400);
      const big = await rawSocket(forum);
      big.send(INIT);
      big.send({ id: '1', type: 'subscribe', payload: { query: 'subscription { x }', variables: { pad: 'p'.repeat(MAX_MESSAGE_BYTES) } } });
      expect((await big.closed).code).toBe(1009);
      const fine = await acknowledged(forum);
      fine.ws.close();
      expect((await forum.gql('{ categories { slug } }')).status).toBe(200);
    });

    it('drops a subscriber with more than LIVE_MAX_QUEUED_EVENTS events waiting, with 4008 SLOW_CONSUMER', async () => {
      const t = await createThread(forum, seed.alice.token, { title: 'A burst of changes' });
      const client = connect(forum);
      clients.push(client);
      client.subscribe(THREAD_ACTIVITY, { slug: t.slug });
      await expect.poll(() => forum.app.bus.listenerCount(`thread:${t.slug}`)).toBe(1);
      // One update announces five events at once; with room for two waiting, the third finds the queue full.
      await forum.ok(`mutation($s: String!) {
        updateThread(slug: $s, input: { title: "Burst", tags: ["a"], isPinned: true, isLocked: true, categorySlug: "indoor" }) { id }
      }`, { s: t.slug }, seed.moderator.token);
      const closed = await client.closed;
      expect(closed.code).toBe(LIVE_CLOSE.SLOW_CONSUMER);
      expect(closed.reason).toMatch(/^SLOW_CONSUMER: /);
      await expect.poll(() => forum.app.bus.listenerCount(`thread:${t.slug}`)).toBe(0);
    });

    it('pings every connection, and terminates one that stops answering', async () => {
      const answering = await acknowledged(forum);
      let pings = 0;
      answering.ws.on('ping', () => pings++);
      const silent = new WebSocket(wsUrl(forum), 'graphql-transport-ws', { autoPong: false });
      silent.on('error', () => {});
      const silentClosed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
      await expect.poll(() => pings, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
      expect(await silentClosed).toBe(1006); // terminated: no close frame
      expect(answering.ws.readyState).toBe(WebSocket.OPEN);
      answering.ws.close();
    });

    it('refuses a subscription sent over HTTP with a coded error', async () => {
      const result = await forum.gql(THREAD_ACTIVITY, { slug });
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    });
  });
}
