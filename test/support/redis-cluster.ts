// A Redis Cluster of the test's own: 3 masters and 3 replicas (`redis-server --cluster-enabled yes`), on ports probed
// free at run time (each port and its cluster bus, port + 10000), joined by `redis-cli --cluster create`, and stopped
// by the PIDs of its processes. Nothing here touches any other Redis.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { reachable } from './services.js';

/** Whether a loopback port can be bound right now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` ports from 17000-17999 whose cluster bus ports (+10000) are free too, starting at a random place. */
async function clusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  const start = 17000 + Math.floor(Math.random() * 1000);
  for (let i = 0; i < 1000 && ports.length < count; i++) {
    const port = 17000 + ((start - 17000 + i) % 1000);
    if (await bindable(port) && await bindable(port + 10000)) ports.push(port);
  }
  if (ports.length < count) throw new Error('no free ports for a Redis Cluster in 17000-17999');
  return ports;
}

export interface ClusterNode {
  port: number;
  child: ChildProcess;
}

export class OwnRedisCluster {
  readonly nodes: ClusterNode[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'forum-cluster-'));
  private nodeTimeoutMs = 1500;

  /** `host:port,...` of every node, as REDIS_CLUSTER_NODES takes it. */
  get seeds(): string { return this.nodes.map((n) => `127.0.0.1:${n.port}`).join(','); }

  /** Starts 6 nodes and creates the cluster (3 masters, one replica each); resolves when every slot is served. */
  static async start(options: { nodeTimeoutMs?: number } = {}): Promise<OwnRedisCluster> {
    const cluster = new OwnRedisCluster();
    try {
      await cluster.create(options.nodeTimeoutMs ?? 1500);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  private async create(nodeTimeoutMs: number) {
    this.nodeTimeoutMs = nodeTimeoutMs;
    const ports = await clusterPorts(6);
    for (const port of ports) this.nodes.push({ port, child: this.spawnNode(port, nodeTimeoutMs) });
    for (const { port } of this.nodes) await this.waitReachable(port);
    const created = spawnSync('redis-cli', [
      '--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes',
    ], { encoding: 'utf8', timeout: 60_000 });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}${created.stderr}`);
    await this.waitHealthy();
  }

  private spawnNode(port: number, nodeTimeoutMs: number): ChildProcess {
    return spawn('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir,
      '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
      '--cluster-node-timeout', String(nodeTimeoutMs), '--protected-mode', 'no', '--repl-diskless-sync-delay', '0',
    ], { stdio: 'ignore' });
  }

  private async waitReachable(port: number) {
    for (let i = 0; i < 200; i++) {
      if (await reachable(`redis://127.0.0.1:${port}`, 200, 1)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`cluster node on ${port} did not start`);
  }

  private cli(port: number, ...args: string[]): string {
    const out = spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 10_000 });
    return `${out.stdout ?? ''}`;
  }

  /** Resolves when every live node reports cluster_state:ok and every slot is assigned to a reachable master. */
  async waitHealthy(timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const live = this.nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
      // Every replica's link is up (its first sync done): before that, WAIT on its master counts no replica.
      const ok = live.every((n) => this.cli(n.port, 'cluster', 'info').includes('cluster_state:ok'))
        && live.every((n) => !this.cli(n.port, 'info', 'replication').includes('master_link_status:down'))
        && spawnSync('redis-cli', ['--cluster', 'check', `127.0.0.1:${live[0]!.port}`], { encoding: 'utf8' }).status === 0;
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the Redis Cluster did not become healthy');
  }

  /** The ports of the nodes that are masters now (by CLUSTER NODES on a live node). */
  masters(): number[] {
    const live = this.nodes.find((n) => n.child.exitCode === null && n.child.signalCode === null)!;
    return this.cli(live.port, 'cluster', 'nodes').split('\n')
      .filter((line) => /\bmaster\b/.test(line) && !/\bfail\b/.test(line) && / \d+-\d+| \d+$/.test(line.trim()))
      .map((line) => Number(line.split(' ')[1]!.split(':')[1]!.split('@')[0]));
  }

  /** The port of the master serving a key's slot now. */
  masterOf(key: string): number {
    const live = this.nodes.find((n) => n.child.exitCode === null && n.child.signalCode === null)!;
    const slot = Number(this.cli(live.port, 'cluster', 'keyslot', key).trim());
    for (const line of this.cli(live.port, 'cluster', 'nodes').split('\n')) {
      const fields = line.trim().split(' ');
      if (!fields[2]?.includes('master') || fields[2].includes('fail')) continue;
      for (const range of fields.slice(8)) {
        const [from, to] = range.split('-').map(Number);
        if (slot >= from! && slot <= (to ?? from!)) return Number(fields[1]!.split(':')[1]!.split('@')[0]);
      }
    }
    throw new Error(`no master serves the slot of ${key}`);
  }

  /** SIGKILLs one node by its PID (a master: its replica takes over after the node timeout). */
  kill(port: number): void {
    const node = this.nodes.find((n) => n.port === port);
    node?.child.kill('SIGKILL');
  }

  /** Starts a node that was killed again, with its cluster config: it rejoins (a former master as a replica). */
  async restart(port: number): Promise<void> {
    const node = this.nodes.find((n) => n.port === port)!;
    node.child = this.spawnNode(port, this.nodeTimeoutMs);
    await this.waitReachable(port);
  }

  /** A node's cluster ID. */
  idOf(port: number): string {
    return this.cli(port, 'cluster', 'myid').trim();
  }

  /**
   * Moves `slots` slots from one master to another with `redis-cli --cluster reshard` (keys move with MIGRATE, a few
   * at a time, while clients keep using them); resolves with its exit status and output.
   */
  reshard(fromPort: number, toPort: number, slots: number): Promise<{ status: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn('redis-cli', [
        '--cluster', 'reshard', `127.0.0.1:${fromPort}`, '--cluster-from', this.idOf(fromPort), '--cluster-to', this.idOf(toPort),
        '--cluster-slots', String(slots), '--cluster-yes', '--cluster-pipeline', '20',
      ], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => { output += d; });
      child.stderr.on('data', (d) => { output += d; });
      child.once('exit', (status) => resolve({ status, output }));
    });
  }

  /** The number of slots a master serves now. */
  slotCount(port: number): number {
    const line = this.cli(port, 'cluster', 'nodes').split('\n').find((l) => l.includes('myself'));
    return (line ?? '').trim().split(' ').slice(8).reduce((n, range) => {
      if (range.startsWith('[')) return n;
      const [from, to] = range.split('-').map(Number);
      return n + (to ?? from!) - from! + 1;
    }, 0);
  }

  /** A client on the cluster (for inspection and flushing). */
  client(): Cluster {
    return new Cluster(this.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })), { scaleReads: 'master' });
  }

  /** Empties every master. */
  async flush(): Promise<void> {
    for (const port of this.masters()) this.cli(port, 'flushall');
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map(({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      return exited;
    }));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
