// The world the drills run in: a database of our own on the shared PostgreSQL, a Redis of our own behind a proxy
// we control, and two forum server processes. Everything is torn down by its own handle.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { registerSecret } from './audit.js';
import { freePort, OwnRedis } from '../../support/own-redis.js';
import { ServerProcess } from './processes.js';
import { TcpProxy } from '../../support/tcp-proxy.js';

export const SHARED_POSTGRES = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Crash { server: string; code: number | null; signal: string | null }

export class Environment {
  readonly runId = randomBytes(3).toString('hex');
  readonly dir = mkdtempSync(join(tmpdir(), 'forum-faults-'));
  readonly admin = { username: `admin_${this.runId}`, password: `adm-${randomBytes(12).toString('base64url')}` };
  readonly crashes: Crash[] = [];
  readonly servers: ServerProcess[] = [];
  private readonly databases: { admin: string; name: string }[] = [];
  redis!: OwnRedis;
  proxy!: TcpProxy;
  databaseUrl!: string;

  constructor() {
    registerSecret(this.admin.password);
  }

  /** A fresh database on a PostgreSQL server (the shared one by default), dropped at teardown. */
  async createDatabase(adminUrl = SHARED_POSTGRES): Promise<string> {
    const name = `forum_faults_${this.runId}_${this.databases.length}`;
    const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await sql.unsafe(`create database ${name}`);
    await sql.end();
    this.databases.push({ admin: adminUrl, name });
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  async startInfrastructure(): Promise<void> {
    this.redis = await OwnRedis.start();
    this.proxy = new TcpProxy(await freePort(), this.redis.port);
    await this.proxy.start();
    this.databaseUrl = await this.createDatabase();
  }

  /** A forum server process; `env` overrides the defaults (this environment's database, Redis behind the proxy). */
  async startServer(name: string, env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = new ServerProcess({
      name,
      env: {
        PORT: String(await freePort()), DATABASE_URL: this.databaseUrl, REDIS_URL: this.proxy.url, LOG_LEVEL: 'info',
        SEED_DEMO: 'off', FORUM_ADMIN_USERNAME: this.admin.username, FORUM_ADMIN_PASSWORD: this.admin.password,
        // The drills' clients post far faster than the posting limits allow; a drill that needs them sets them.
        POST_RATE_MAX: '0', REPORT_RATE_MAX: '0', ...env,
      },
      logFile: join(this.dir, `${name}.log`),
      script: process.env.FAULT_SERVER_SCRIPT,
      onCrash: (server, code, signal) => this.crashes.push({ server, code, signal }),
    });
    this.servers.push(server);
    await server.start();
    return server;
  }

  async teardown(keep: boolean): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
    await this.proxy?.stop();
    await this.redis?.kill();
    for (const db of this.databases) {
      const sql = postgres(db.admin, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists ${db.name} with (force)`).catch(() => {});
      await sql.end();
    }
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
  }
}
