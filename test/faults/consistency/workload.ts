// The consistency workload: accounts and a category tree made through the API, a seeded forum, then concurrent
// clients, each on a fixed account, sending a random mix of reads and mutations to a random server per operation.
import { registerLogSecret, registerSecret } from '../support/audit.js';
import { HttpClient } from '../support/http.js';
import { Checker } from './checker.js';
import { History } from './history.js';
import type { CategoryState } from './model.js';
import * as op from './ops.js';
import { Random } from './random.js';
import { ViewCounts, Writers } from './reads.js';
import { rowId } from '../support/ids.js';

export interface WorkloadOptions {
  serverUrls: string[];
  admin: { username: string; password: string };
  clients: number;
  seed: number;
  runId: string;
}

const CATEGORIES: { slug: string; order: number; parent?: string }[] = [
  { slug: 'garden', order: 1 }, { slug: 'indoor', order: 2 }, { slug: 'tools', order: 3 }, { slug: 'pests', order: 4 },
  { slug: 'vegetables', order: 1, parent: 'garden' }, { slug: 'herbs', order: 2, parent: 'garden' },
  { slug: 'succulents', order: 1, parent: 'indoor' }, { slug: 'shows', order: 5 },
];

type Mix = 'normal' | 'reads';

export class Workload {
  readonly history = new History();
  readonly checker = new Checker(this.history);
  readonly writers = new Writers();
  readonly views = new ViewCounts();
  readonly failures: string[] = [];
  readonly locks = new Set<string>();
  readonly random: Random;
  private clients: op.ClientState[] = [];
  private counter = 0;
  opsDone = 0;

  constructor(private readonly options: WorkloadOptions) {
    this.random = new Random(options.seed);
  }

  private get ctx(): op.OpContext {
    return {
      history: this.history, checker: this.checker, writers: this.writers, views: this.views, random: this.random,
      locks: this.locks, failures: this.failures, unique: () => ++this.counter,
    };
  }

  private servers() {
    return this.options.serverUrls.map((url) => new HttpClient(url));
  }

  /** Accounts (one per client: the admin, two moderators, members), the category tree, and a seeded forum. */
  async setup(seedThreads: number): Promise<void> {
    const [api] = this.servers();
    const login = await api!.ok(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
      { u: this.options.admin.username, p: this.options.admin.password });
    registerLogSecret(login.login.token);
    const accounts: op.Account[] = [{ username: this.options.admin.username, token: login.login.token, role: 'ADMIN' }];
    for (let i = 1; i < this.options.clients; i++) {
      const username = `${i <= 2 ? 'mod' : 'member'}${i}_${this.options.runId}`;
      const password = `pw-${this.options.runId}-${i}-secret`;
      registerSecret(password);
      const data = await api!.ok(`mutation($u: String!, $p: String!) { register(username: $u, password: $p) { token } }`,
        { u: username, p: password });
      registerLogSecret(data.register.token);
      if (i <= 2) {
        await api!.ok(`mutation($u: String!) { setUserRole(username: $u, role: MODERATOR) { role } }`, { u: username }, accounts[0]!.token);
      }
      accounts.push({ username, token: data.register.token, role: i <= 2 ? 'MODERATOR' : 'MEMBER' });
    }
    this.clients = accounts.map((account) => ({ account, servers: this.servers() }));

    for (const c of CATEGORIES) {
      const slug = `${c.slug}-${this.options.runId}`;
      const record = this.history.begin('createCategory', [], ['tree']);
      const data = await api!.ok(`mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id name } }`, {
        input: { slug, name: `Name ${c.slug}`, displayOrder: c.order, parentSlug: c.parent ? `${c.parent}-${this.options.runId}` : null },
      }, accounts[0]!.token);
      const category: CategoryState = {
        slug, id: rowId(data.createCategory.id), name: data.createCategory.name, displayOrder: c.order,
        parentSlug: c.parent ? `${c.parent}-${this.options.runId}` : null,
      };
      this.history.finish(record, { kind: 'createCategory', category });
    }
    api!.close();

    // The seed goes through the same operations (and checks) as the run.
    const ctx = this.ctx;
    await Promise.all(this.clients.map(async (client, i) => {
      for (let n = i; n < seedThreads; n += this.clients.length) {
        await op.createThread(ctx, client);
        for (let k = this.random.int(0, 3); k > 0; k--) await op.createPost(ctx, client);
      }
    }));
  }

  get usernames() { return this.clients.map((c) => c.account.username); }

  /** Runs the mix on every client until `ops` operations are done or `until()` says stop (whichever first). */
  async run(options: { ops: number; until?: () => boolean; mix?: Mix; deadline: number }): Promise<void> {
    const target = this.opsDone + options.ops;
    await Promise.all(this.clients.map(async (client) => {
      while (this.opsDone < target && Date.now() < options.deadline && !options.until?.()) {
        this.opsDone++;
        await this.step(client, options.mix ?? 'normal');
      }
    }));
  }

  private async step(client: op.ClientState, mix: Mix): Promise<void> {
    const ctx = this.ctx;
    const roll = this.random.int(1, 100);
    const reads = () => {
      if (roll % 10 < 4) return op.readThread(ctx, client);
      if (roll % 10 < 7) return op.readList(ctx, client, this.usernames);
      if (roll % 10 < 8) return op.readProfile(ctx, client, this.usernames);
      if (roll % 10 < 9) return op.readCategory(ctx, client);
      return op.readCategories(ctx, client);
    };
    if (mix === 'reads' || roll <= 55) return reads();
    const mutation = roll <= 60 ? op.createThread(ctx, client)
      : roll <= 72 ? op.createPost(ctx, client)
        : roll <= 79 ? op.editPost(ctx, client)
          : roll <= 83 ? op.deletePost(ctx, client)
            : roll <= 91 ? op.toggleReaction(ctx, client)
              : roll <= 94 ? op.updateThread(ctx, client)
              : roll <= 96 ? op.setAnswer(ctx, client)
                : roll <= 97 ? op.rename(ctx, client)
                : roll <= 99 ? op.deleteThread(ctx, client, 30)
                  : op.updateCategory(ctx, client);
    return mutation ?? op.readThread(ctx, client);
  }

  /**
   * Every client at once on two threads: replies added and deleted side by side, read in between. Races between
   * writers of one thread's counts (postCount, lastActivityAt) show here within seconds.
   */
  async contend(rounds: number): Promise<void> {
    const ctx = this.ctx;
    const open = [...this.history.committed.threads.values()].filter((t) => !t.deleted && !t.isLocked);
    const hot = this.random.sample(open, 2).map((t) => t.slug);
    await Promise.all(this.clients.map(async (client) => {
      for (let i = 0; i < rounds; i++) {
        const slug = this.random.pick(hot);
        this.opsDone++;
        await ((this.random.chance(0.5) ? op.createPost(ctx, client, slug) : op.deletePost(ctx, client, slug))
          ?? op.createPost(ctx, client, slug) ?? op.readThread(ctx, client, slug));
        await op.readThread(ctx, client, slug);
      }
    }));
  }

  /** After the load: every thread (live and deleted), every category and the tree, read from every server. */
  async sweep(): Promise<void> {
    const ctx = this.ctx;
    const client = this.clients[1]!;
    for (const server of client.servers) {
      const one = { account: client.account, servers: [server] };
      for (const slug of [...this.history.committed.threads.keys()]) await op.readThread(ctx, one, slug);
      await op.readCategories(ctx, one);
    }
  }

  close() {
    for (const c of this.clients) c.servers.forEach((s) => s.close());
  }
}
