// The processes a drill controls: its own PostgreSQL cluster and forum servers (node dist/main.js); its own Redis
// is test/support/own-redis.ts. Each is started and stopped by its own PID; nothing here touches the shared services.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls until check() resolves true or the deadline passes; resolves with whether it did. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(everyMs);
  }
  return false;
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill(signal);
  });
}

export function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

// ---- PostgreSQL: a cluster of our own, run as the postgres user ----

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  return join(root, versions[0]!, 'bin');
}

function postgresIds(): { uid: number; gid: number } {
  const out = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error('there is no postgres user to run a cluster as');
  return { uid: Number(out.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export class PostgresCluster {
  private child: ChildProcess | undefined;
  private readonly bin = postgresBin();
  private readonly ids = postgresIds();
  /** A folder of its own (the postgres user must reach it), removed by remove(). */
  private readonly dir = mkdtempSync(join(tmpdir(), 'forum-faults-pg-'));
  readonly dataDir = join(this.dir, 'data');

  constructor(readonly port: number) {}

  get url() { return `postgres://postgres@127.0.0.1:${this.port}/postgres`; }

  async init(): Promise<void> {
    chownSync(this.dir, this.ids.uid, this.ids.gid);
    const result = spawnSync(join(this.bin, 'initdb'),
      ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C'],
      { ...this.ids, encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr}`);
  }

  async start(): Promise<void> {
    const log = createWriteStream(join(this.dir, 'postgres.log'), { flags: 'a' });
    this.child = spawn(join(this.bin, 'postgres'), [
      '-D', this.dataDir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=${this.dir}`, '-c', 'fsync=off', '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off', '-c', 'max_connections=60',
    ], { ...this.ids, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    const ok = await waitFor(() => tcpOpen(this.port), 15_000, 100);
    if (!ok) throw new Error(`own PostgreSQL on port ${this.port} did not start`);
    await sleep(200);
  }

  /** Fast shutdown (SIGINT) of our postmaster by its PID: every connection is cut at once. */
  stop(): Promise<void> {
    return this.child ? stopChild(this.child, 'SIGINT', 10_000) : Promise.resolve();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---- forum servers ----

export interface ServerOptions {
  name: string;
  env: Record<string, string>;
  logFile: string;
  /** The server's entry point; defaults to dist/main.js (the suite's self-test points it at a broken copy). */
  script?: string;
  /** Called when the process exits without having been asked to stop. */
  onCrash(name: string, code: number | null, signal: string | null): void;
}

export class ServerProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  readonly port: number;
  /** Every line the process wrote to stdout and stderr (the log scan reads them). */
  readonly lines: string[] = [];

  constructor(private readonly options: ServerOptions) {
    this.port = Number(options.env.PORT);
  }

  get name() { return this.options.name; }
  get baseUrl() { return `http://127.0.0.1:${this.port}`; }
  get alive() { return !!this.child && this.child.exitCode === null && this.child.signalCode === null; }

  async start(): Promise<void> {
    const log = createWriteStream(this.options.logFile, { flags: 'a' });
    this.stopping = false;
    this.child = spawn(process.execPath, [this.options.script ?? 'dist/main.js'], {
      env: { PATH: process.env.PATH ?? '', ...this.options.env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    const collect = (chunk: Buffer) => {
      log.write(chunk);
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop()!;
      this.lines.push(...parts);
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.child.once('exit', (code, signal) => {
      if (partial) this.lines.push(partial);
      if (!this.stopping) this.options.onCrash(this.options.name, code, signal);
    });
    const ready = await waitFor(async () => {
      if (!this.alive) throw new Error('exited');
      const res = await fetch(`${this.baseUrl}/healthz`);
      return res.status === 200;
    }, 30_000, 100);
    if (!ready) throw new Error(`server ${this.options.name} did not become ready:\n${this.lines.slice(-5).join('\n')}`);
  }

  /** SIGTERM (graceful: drains requests and flushes views), then SIGKILL after 8 s. */
  stop(): Promise<void> {
    this.stopping = true;
    return this.child ? stopChild(this.child, 'SIGTERM', 8000) : Promise.resolve();
  }
}
