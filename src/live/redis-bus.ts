// Events across processes on Redis pub/sub. One channel per topic, `forum:live:{<topic>}` (topic `thread:<slug>` or
// `category:<slug>`), and `forum:live:all` for a resync of every subscriber. The braces are a hash tag: on a Redis
// Cluster the same names work with sharded pub/sub (SPUBLISH/SSUBSCRIBE route by the tag's slot); on one Redis they
// are plain PUBLISH/SUBSCRIBE channels. A process subscribes to a topic's channel while it has a listener for it.
//
// Missed events: while the subscriber connection is down, messages published meanwhile are lost (pub/sub keeps
// nothing). When it is back (ioredis re-subscribes every channel), every listener gets 'lost' once the
// re-subscription has taken effect, and catches up from the backlog in PostgreSQL (src/live/backlog.ts), which pub/sub
// never held: a Redis restart loses no event.
// On a Redis Cluster (REDIS_CLUSTER_NODES) the same channels are plain cluster pub/sub (a PUBLISH reaches every node,
// the subscriber listens on one); when any node leaves the topology the subscriber may have moved to another node, so
// every listener gets 'lost' once things settled (CLUSTER_RESYNC_MS later), and catches up from the backlog.
import { Cluster, Redis, type ClusterNode } from 'ioredis';
import type { Logger } from '../logger.js';
import { LocalFanout, type Listener, type LiveBus } from './live-bus.js';
import { topicOf, type Announcement, type PositionedEvent } from './live-event.js';

export const channelOf = (topic: string) => `forum:live:{${topic}}`;
export const RESYNC_CHANNEL = 'forum:live:all';
const PREFIX = 'forum:live:{';
/** How long a publish waits for a publisher connection that is (re)connecting. */
const PUBLISHER_WAIT_MS = 300;
/** On a cluster, how long after a node left the topology the listeners are told to catch up. */
const CLUSTER_RESYNC_MS = 1000;

export class RedisBus implements LiveBus {
  private readonly fanout = new LocalFanout();
  private readonly publisher: Redis | Cluster;
  private readonly subscriber: Redis | Cluster;
  /** The subscriber connection was lost since it was last ready: listeners may have missed events. */
  private lost = false;
  private closed = false;

  /** `target`: a Redis URL, or the seed nodes of a Redis Cluster. */
  constructor(target: string | ClusterNode[], private readonly logger: Logger) {
    // Publishing is on the write path: fail fast rather than queue while Redis is away (the event is then lost,
    // and subscribers' own connections, broken too, catch up from the backlog when back).
    // The subscriber queues its SUBSCRIBEs while disconnected and re-subscribes after a reconnect (ioredis).
    if (typeof target === 'string') {
      this.publisher = new Redis(target, { enableOfflineQueue: false, commandTimeout: 500, maxRetriesPerRequest: 1 });
      this.subscriber = new Redis(target, { maxRetriesPerRequest: null });
    } else {
      this.publisher = new Cluster(target, { enableOfflineQueue: false, redisOptions: { commandTimeout: 500, maxRetriesPerRequest: 1 } });
      this.subscriber = new Cluster(target, { redisOptions: { maxRetriesPerRequest: null } });
      let resync: NodeJS.Timeout | undefined;
      const subscriber = this.subscriber;
      subscriber.on('-node', () => {
        if (subscriber.status !== 'ready') return; // the seed nodes giving way to the topology at start-up
        resync ??= setTimeout(() => {
          resync = undefined;
          if (!this.closed) this.fanout.all('lost');
        }, CLUSTER_RESYNC_MS);
        resync.unref();
      });
    }
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', () => {});
      client.on('node error', () => {});
    }
    this.subscriber.on('close', () => { this.lost = true; });
    this.subscriber.on('ready', () => void this.afterReconnect());
    this.subscriber.on('message', (channel: string, message: string) => this.onMessage(channel, message));
    this.subscriber.subscribe(RESYNC_CHANNEL).catch(() => {});
  }

  async announce({ events, resyncAll }: Announcement): Promise<void> {
    if (events.length === 0 && !resyncAll) return;
    await this.publisherReady();
    // One pipeline: Redis delivers a connection's messages in the order it received them, so events of one
    // announcement (and of announcements awaited one after the other) arrive in order.
    const pipeline = this.publisher.pipeline();
    for (const event of events) pipeline.publish(channelOf(topicOf(event)), JSON.stringify(event));
    if (resyncAll) pipeline.publish(RESYNC_CHANNEL, 'resync');
    try {
      const results = await pipeline.exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
    } catch (error) {
      this.logger.warn({ err: error }, 'live: could not publish events; subscribers catch up from the backlog at their next event or reconnect');
    }
  }

  /**
   * The publisher queues nothing while disconnected; right after start-up or a reconnect it may still be connecting
   * when a change was applied (through the cache's own connection): wait for it, briefly.
   */
  private async publisherReady(): Promise<void> {
    if (this.publisher.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.publisher.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, PUBLISHER_WAIT_MS);
      this.publisher.once('ready', done);
    });
  }

  listen(topic: string, listener: Listener): () => void {
    if (this.fanout.add(topic, listener)) this.subscriber.subscribe(channelOf(topic)).catch(() => {});
    return () => {
      if (this.fanout.remove(topic, listener) && !this.closed) this.subscriber.unsubscribe(channelOf(topic)).catch(() => {});
    };
  }

  listenerCount(topic: string): number { return this.fanout.count(topic); }

  /**
   * A connection's replies come in order: the PING's comes after those of every SUBSCRIBE sent before it. On a cluster
   * the subscriber's connection is ioredis's own, so instead every channel this process listens on is awaited until
   * some node counts a subscriber to it (PUBSUB NUMSUB), for up to 2 s.
   */
  async settled(): Promise<void> {
    const subscriber = this.subscriber;
    if (!(subscriber instanceof Cluster)) {
      await subscriber.ping();
      return;
    }
    const channels = [RESYNC_CHANNEL, ...this.fanout.topicNames().map(channelOf)];
    const end = Date.now() + 2000;
    while (Date.now() < end) {
      const counts = await Promise.all(subscriber.nodes('all').map((node) =>
        node.pubsub('NUMSUB', ...channels).then((reply) => reply as (string | number)[], () => [])));
      const subscribed = new Set<string>();
      for (const reply of counts) for (let i = 0; i + 1 < reply.length; i += 2) if (Number(reply[i + 1]) > 0) subscribed.add(String(reply[i]));
      if (channels.every((c) => subscribed.has(c))) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private onMessage(channel: string, message: string) {
    if (channel === RESYNC_CHANNEL) return this.fanout.all('resync');
    if (!channel.startsWith(PREFIX)) return;
    let event: PositionedEvent;
    try {
      event = JSON.parse(message) as PositionedEvent;
    } catch {
      return this.logger.warn({ channel }, 'live: a message that is not JSON on a live channel; ignored');
    }
    if (channelOf(topicOf(event)) === channel) this.fanout.deliver(event);
  }

  /** After a reconnect: once the re-subscriptions took effect (a PING answers after them), tell every listener. */
  private async afterReconnect() {
    if (!this.lost || this.closed) return;
    this.lost = false;
    try {
      await this.subscriber.ping();
    } catch {
      this.lost = true; // lost again before the catch-up could be asked: the next 'ready' asks it
      return;
    }
    this.logger.info({ topics: this.fanout.size }, 'live: pub/sub connection back; subscribers catch up from the backlog');
    this.fanout.all('lost');
  }
}
