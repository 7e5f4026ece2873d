// A Redis server of the test's own, on a free port, stopped and restarted by its own PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { reachable } from './services.js';

export { freePort };

export class OwnRedis {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'forum-redis-'));
  constructor(readonly port: number) {}

  get url() { return `redis://127.0.0.1:${this.port}`; }

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', [
      '--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir,
    ], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await reachable(this.url, 200, 1)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`own redis on ${this.port} did not start`);
  }

  /** Freezes the process: connections stay open, commands time out, data survives. */
  pause() { this.child?.kill('SIGSTOP'); }
  resume() { this.child?.kill('SIGCONT'); }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return; // already gone (killed before)
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }
}
