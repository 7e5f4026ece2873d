// Live category pages under load, beside the thread pages of live-watch.ts. While the workload's writers run, readers
// of every category render its page in one request (the category's liveCursor and its thread list), subscribe
// `after` that cursor on a random server, apply each event (a thread created or moved in joins the list, one moved out
// or deleted leaves it) and start over every so often. Once the writers are done, each reader's list must hold
// exactly the category's live threads as committed (0 missed; repeats of what the page already had are counted,
// RESYNCs counted apart and refetched). A cursor ahead of the list it came with shows here as a missing thread.
import type { Client } from 'graphql-ws';
import { HttpClient } from '../support/http.js';
import type { History } from './history.js';
import type { Random } from './random.js';
import { connectLive, disposeQuietly } from './live-clients.js';

/** One page of 100 (the most a list gives): a category holding more is counted as unchecked, not paged. */
const PAGE = `query($slug: String!) {
  category(slug: $slug) { liveCursor }
  threads(first: 100, filter: { categorySlug: $slug }) { nodes { slug } pageInfo { hasNextPage } }
}`;
const EVENTS = `subscription($slug: String!, $after: String) {
  categoryActivity(slug: $slug, after: $after) { kind position threadSlug }
}`;

interface Session {
  slug: string;
  shown: Set<string>;
  /** The page held more than one page of threads: not compared. */
  tooLong: boolean;
  client: Client;
  events: number;
  repeats: number;
  resyncs: number;
  chain: Promise<void>;
}

export interface CategoryWatchStats {
  sessions: number; checked: number; unchecked: number; events: number; repeats: number; resyncs: number;
  missed: string[]; failures: string[];
}


export class CategoryLiveWatch {
  private readonly sessions: Session[] = [];
  private readonly finals: Session[] = [];
  private readonly failures: string[] = [];
  private stopping = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly serverUrls: string[], private readonly history: History, private readonly random: Random) {}

  /** Starts `readers` render-then-subscribe loops per category. */
  start(slugs: string[], readers: number): void {
    this.loops = slugs.flatMap((slug) => Array.from({ length: readers }, () => this.readLoop(slug)));
  }

  /** Stops starting sessions; waits `quietMs` for the last events, then checks every reader's final list. */
  async finish(quietMs: number): Promise<CategoryWatchStats> {
    this.stopping = true;
    await Promise.all(this.loops);
    await new Promise((r) => setTimeout(r, quietMs));
    await Promise.all(this.finals.map((s) => s.chain));
    const compared = this.finals.filter((s) => !s.tooLong);
    const missed = compared.flatMap((s) => this.compare(s));
    for (const s of this.finals) disposeQuietly(s.client);
    const sum = (f: (s: Session) => number) => this.sessions.reduce((n, s) => n + f(s), 0);
    return {
      sessions: this.sessions.length, checked: compared.length, unchecked: this.finals.length - compared.length,
      events: sum((s) => s.events), repeats: sum((s) => s.repeats), resyncs: sum((s) => s.resyncs), missed,
      failures: this.failures,
    };
  }

  private connect(): Client {
    return connectLive(this.serverUrls, this.random, this.failures);
  }

  private async readLoop(slug: string): Promise<void> {
    while (!this.stopping) {
      const session = await this.open(slug).catch((error) => {
        this.failures.push(`render and subscribe category ${slug}: ${(error as Error).message}`);
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

  private async open(slug: string): Promise<Session> {
    const { cursor, shown, tooLong } = await this.render(slug);
    const session: Session = { slug, shown, tooLong, client: this.connect(), events: 0, repeats: 0, resyncs: 0, chain: Promise.resolve() };
    this.sessions.push(session);
    session.client.subscribe({ query: EVENTS, variables: { slug, after: cursor } }, {
      next: (value: any) => {
        if (value.errors) this.failures.push(`category subscription ${slug}: ${JSON.stringify(value.errors)}`);
        else session.chain = session.chain.then(() => this.apply(session, value.data.categoryActivity));
      },
      error: (error) => this.failures.push(`category subscription ${slug}: ${JSON.stringify(error)}`),
      complete: () => {},
    });
    return session;
  }

  private async render(slug: string): Promise<{ cursor: string; shown: Set<string>; tooLong: boolean }> {
    const http = new HttpClient(this.random.pick(this.serverUrls));
    try {
      const data: any = await http.ok(PAGE, { slug });
      return {
        cursor: data.category.liveCursor,
        shown: new Set(data.threads.nodes.map((t: { slug: string }) => t.slug)),
        tooLong: data.threads.pageInfo.hasNextPage,
      };
    } finally {
      http.close();
    }
  }

  private async apply(session: Session, event: { kind: string; threadSlug: string | null }): Promise<void> {
    session.events++;
    if (event.kind === 'RESYNC') {
      session.resyncs++;
      const page = await this.render(session.slug);
      session.shown = page.shown;
      session.tooLong ||= page.tooLong;
      return;
    }
    const slug = event.threadSlug!;
    const joins = event.kind === 'THREAD_CREATED' || event.kind === 'THREAD_MOVED_IN';
    if (joins === session.shown.has(slug)) session.repeats++;
    if (joins) session.shown.add(slug);
    else session.shown.delete(slug);
  }

  /** What a reader's list shows against the category's live threads as committed. */
  private compare(session: Session): string[] {
    const where = `reader of category ${session.slug}`;
    const live = [...this.history.committed.threads.values()]
      .filter((t) => !t.deleted && t.categorySlug === session.slug).map((t) => t.slug);
    const out = live.filter((slug) => !session.shown.has(slug)).map((slug) => `${where}: thread ${slug} missing`);
    const liveSet = new Set(live);
    for (const slug of session.shown) if (!liveSet.has(slug)) out.push(`${where}: shows thread ${slug}, which is not there`);
    return out;
  }
}
