// Live pages under load. While the workload's writers run, readers of a few watched threads render the page (one
// request: the page and its liveCursor), subscribe `after` that cursor on a random server, apply each event's state
// to what they show (events carry the new state, not deltas), and start over every so often. Once the writers are
// done, each reader's page must show exactly what was committed: every post, body, reaction count, title and
// deletion (0 missed; repeats of what the page already had are counted, RESYNCs counted apart and refetched).
// Beside them, one subscriber per watched thread from before the run checks that every committed change of the
// thread was announced, once.
import type { Client } from 'graphql-ws';
import { HttpClient } from '../support/http.js';
import type { History } from './history.js';
import { livePosts, reactionCounts, type Counts } from './model.js';
import type { Random } from './random.js';
import { connectLive, disposeQuietly } from './live-clients.js';
import { rowId } from '../support/ids.js';

const PAGE = `query($slug: String!, $after: String) {
  thread(slug: $slug) { liveCursor title posts(first: 100, after: $after) { nodes { id body reactionCounts { like helpful love } }
    pageInfo { hasNextPage endCursor } } }
}`;
const EVENTS = `subscription($slug: String!, $after: String) {
  threadActivity(slug: $slug, after: $after) {
    kind position postId thread { title } post { id body reactionCounts { like helpful love } }
  }
}`;

interface Shown { deleted: boolean; title: string; posts: Map<number, { body: string; counts: Counts }> }

interface Session {
  slug: string;
  shown: Shown;
  client: Client;
  events: number;
  repeats: number;
  resyncs: number;
  /** Events applied in order; a refetch after RESYNC runs here too. */
  chain: Promise<void>;
}

export interface LiveWatchStats {
  sessions: number;
  checked: number;
  events: number;
  repeats: number;
  resyncs: number;
  missed: string[];
  committedChanges: number;
  announced: number;
  unannounced: string[];
  failures: string[];
}


export class LiveWatch {
  private readonly sessions: Session[] = [];
  private readonly finals: Session[] = [];
  private readonly watchers = new Map<string, { client: Client; events: any[]; since: number }>();
  private readonly failures: string[] = [];
  private stopping = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly serverUrls: string[], private readonly history: History, private readonly random: Random) {}

  /** Subscribes the announcement watchers, then starts `readers` render-then-subscribe loops per thread. */
  async start(slugs: string[], readers: number): Promise<void> {
    for (const slug of slugs) {
      const client = this.connect();
      const events: any[] = [];
      client.subscribe({ query: EVENTS, variables: { slug } }, {
        next: (value: any) => (value.errors ? this.failures.push(`watcher ${slug}: ${JSON.stringify(value.errors)}`) : events.push(value.data.threadActivity)),
        error: (error) => this.failures.push(`watcher ${slug}: ${String(error)}`),
        complete: () => {},
      });
      this.watchers.set(slug, { client, events, since: 0 });
    }
    await new Promise((r) => setTimeout(r, 1500)); // the watchers' subscriptions are in place on their servers
    const since = this.history.log.length;
    for (const watcher of this.watchers.values()) watcher.since = since;
    this.loops = slugs.flatMap((slug) => Array.from({ length: readers }, () => this.readLoop(slug)));
  }

  /** Stops starting sessions; waits `quietMs` for the last events, then checks every reader's final page. */
  async finish(quietMs: number): Promise<LiveWatchStats> {
    this.stopping = true;
    await Promise.all(this.loops);
    await new Promise((r) => setTimeout(r, quietMs));
    await Promise.all(this.finals.map((s) => s.chain));
    const missed = this.finals.flatMap((s) => this.compare(s));
    const { committed, unannounced } = this.checkAnnouncements();
    for (const s of [...this.finals]) disposeQuietly(s.client);
    for (const w of this.watchers.values()) disposeQuietly(w.client);
    const sum = (f: (s: Session) => number) => this.sessions.reduce((n, s) => n + f(s), 0);
    return {
      sessions: this.sessions.length, checked: this.finals.length, events: sum((s) => s.events), repeats: sum((s) => s.repeats),
      resyncs: sum((s) => s.resyncs), missed, committedChanges: committed,
      announced: [...this.watchers.values()].reduce((n, w) => n + w.events.length, 0), unannounced, failures: this.failures,
    };
  }

  private connect(): Client {
    return connectLive(this.serverUrls, this.random, this.failures);
  }

  private async readLoop(slug: string): Promise<void> {
    while (!this.stopping) {
      const session = await this.open(slug).catch((error) => {
        this.failures.push(`render and subscribe ${slug}: ${(error as Error).message}`);
        return null;
      });
      if (!session) return;
      await new Promise((r) => setTimeout(r, this.random.int(200, 1500)));
      if (this.stopping) {
        this.finals.push(session);
        return;
      }
      await session.chain;
      disposeQuietly(session.client);
    }
  }

  /** Renders the page (its first request gives the cursor), then subscribes after it on a random server. */
  private async open(slug: string): Promise<Session> {
    const { cursor, shown } = await this.render(slug);
    const session: Session = { slug, shown, client: this.connect(), events: 0, repeats: 0, resyncs: 0, chain: Promise.resolve() };
    this.sessions.push(session);
    session.client.subscribe({ query: EVENTS, variables: { slug, after: cursor } }, {
      next: (value: any) => {
        if (value.errors) {
          // A thread deleted before or while the page subscribed: the page shows it deleted, and the final check
          // holds that against the model (a live thread shown as deleted is reported there).
          if (value.errors.every((e: any) => e?.extensions?.code === 'NOT_FOUND')) {
            session.chain = session.chain.then(() => { session.shown.deleted = true; });
            return;
          }
          this.failures.push(`subscription ${slug}: ${JSON.stringify(value.errors)}`);
          return;
        }
        session.chain = session.chain.then(() => this.apply(session, value.data.threadActivity));
      },
      error: (error) => this.failures.push(`subscription ${slug}: ${JSON.stringify(error)}`),
      complete: () => {},
    });
    return session;
  }

  private async render(slug: string): Promise<{ cursor: string | null; shown: Shown }> {
    const http = new HttpClient(this.random.pick(this.serverUrls));
    try {
      const shown: Shown = { deleted: false, title: '', posts: new Map() };
      let cursor: string | null = null;
      for (let after: string | null = null, more = true; more;) {
        const data: any = await http.ok(PAGE, { slug, after });
        if (!data.thread) return { cursor, shown: { ...shown, deleted: true } };
        cursor ??= data.thread.liveCursor as string;
        shown.title = data.thread.title;
        for (const p of data.thread.posts.nodes) shown.posts.set(rowId(p.id), { body: p.body, counts: p.reactionCounts });
        more = data.thread.posts.pageInfo.hasNextPage;
        after = data.thread.posts.pageInfo.endCursor;
      }
      return { cursor, shown };
    } finally {
      http.close();
    }
  }

  private async apply(session: Session, event: any): Promise<void> {
    session.events++;
    const { shown } = session;
    if (event.kind === 'RESYNC') {
      session.resyncs++;
      session.shown = (await this.render(session.slug)).shown;
      return;
    }
    if (event.thread) shown.title = event.thread.title;
    const id = event.postId === null ? null : rowId(event.postId);
    switch (event.kind) {
      case 'POST_ADDED':
        if (id !== null && shown.posts.has(id)) session.repeats++;
        if (event.post) shown.posts.set(id!, { body: event.post.body, counts: event.post.reactionCounts });
        break;
      case 'POST_EDITED':
      case 'REACTIONS_CHANGED':
        if (event.post) shown.posts.set(id!, { body: event.post.body, counts: event.post.reactionCounts });
        break;
      case 'POST_DELETED':
        shown.posts.delete(id!);
        break;
      case 'THREAD_DELETED':
        shown.deleted = true;
        break;
      default:
    }
  }

  /** What a reader's page shows against what was committed. */
  private compare(session: Session): string[] {
    const state = this.history.committed;
    const thread = state.threads.get(session.slug);
    if (!thread) return [];
    const { shown } = session;
    const where = `reader of ${session.slug}`;
    if (thread.deleted) return shown.deleted ? [] : [`${where}: the thread's deletion was not shown`];
    const out: string[] = [];
    if (shown.deleted) out.push(`${where}: shows the live thread as deleted`);
    if (shown.title !== thread.title) out.push(`${where}: title "${shown.title}", committed "${thread.title}"`);
    const live = livePosts(state, thread);
    for (const post of live) {
      const seen = shown.posts.get(post.id);
      if (!seen) out.push(`${where}: post ${post.id} missing`);
      else if (seen.body !== post.body) out.push(`${where}: post ${post.id} shows an old body`);
      else if (JSON.stringify(seen.counts) !== JSON.stringify(reactionCounts([post]))) out.push(`${where}: post ${post.id} shows old reaction counts`);
    }
    const liveIds = new Set(live.map((p) => p.id));
    for (const id of shown.posts.keys()) if (!liveIds.has(id)) out.push(`${where}: shows deleted post ${id}`);
    return out;
  }

  /** Each committed post change of a watched thread (after its watcher started) against the watcher's events. */
  private checkAnnouncements(): { committed: number; unannounced: string[] } {
    const kindOf: Record<string, string> = {
      createPost: 'POST_ADDED', editPost: 'POST_EDITED', deletePost: 'POST_DELETED', react: 'REACTIONS_CHANGED',
      deleteThread: 'THREAD_DELETED',
    };
    let committed = 0;
    const unannounced: string[] = [];
    for (const [slug, watcher] of this.watchers) {
      const heard = new Map<string, number>();
      for (const e of watcher.events) {
        const key = `${e.kind}:${e.postId === null ? null : rowId(e.postId)}`;
        heard.set(key, (heard.get(key) ?? 0) + 1);
      }
      const positions = watcher.events.map((e) => e.position);
      if (new Set(positions).size !== positions.length) unannounced.push(`${slug}: an event was announced twice`);
      for (const record of this.history.log.slice(watcher.since)) {
        const effect = record.effect;
        if (record.status !== 'ok' || !effect || !record.threads.includes(slug) || !(effect.kind in kindOf)) continue;
        committed++;
        const postId = 'postId' in effect ? effect.postId : effect.kind === 'createPost' ? effect.post.id : null;
        const key = `${kindOf[effect.kind]}:${postId === null ? null : String(postId)}`;
        const left = heard.get(key) ?? 0;
        if (left > 0) heard.set(key, left - 1);
        else unannounced.push(`${slug}: ${record.name} #${record.seq} (${key}) was not announced`);
      }
    }
    return { committed, unannounced };
  }
}

