// Graceful shutdown: SIGTERM drains requests, flushes buffered view counts, and exits 0.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/own-redis.js';
import { POSTGRES_URL, postgresUp } from '../support/services.js';

describe.skipIf(!postgresUp)('a server process receiving SIGTERM', () => {
  const name = `forum_t_${randomBytes(5).toString('hex')}`;
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  beforeAll(async () => {
    const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
  });
  afterAll(async () => {
    const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('writes the views it buffered before it exits', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), DATABASE_URL: url.toString(), SEED_DEMO: 'on', VIEW_FLUSH_MS: '9000', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const gql = async (query: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }),
      });
      return (await response.json()) as any;
    };
    let slug: string | undefined;
    for (let i = 0; i < 200 && !slug; i++) {
      slug = await gql('{ threads(first: 1, sort: OLDEST) { nodes { slug } } }').then((r) => r.data.threads.nodes[0]?.slug, () => undefined);
      if (!slug) await new Promise((r) => setTimeout(r, 100));
    }
    expect(slug).toBeDefined();
    for (let i = 0; i < 3; i++) await gql(`{ thread(slug: "${slug}") { title } }`);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const [row] = await db`select view_count from threads where slug = ${slug!}`;
    await db.end();
    expect(row!.view_count, output).toBe(3);
  });
});
