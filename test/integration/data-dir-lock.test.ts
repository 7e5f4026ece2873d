// One owner per embedded data folder: a second server, the seed command or a migration on a folder in use stops at
// once with one line naming the folder and the owner, and changes nothing; a lock left by a killed owner does not
// block the next start.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirLocked, LOCK_FILE, lockDataDir } from '../../src/db/data-dir-lock.js';
import { runCommand, startServer, type ServerProcess } from '../support/server-process.js';

const folders: string[] = [];
const servers: ServerProcess[] = [];
const newFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'forum-lock-'));
  folders.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** Every file of the folder with its size and modification time (names only while a live owner writes to it). */
function snapshot(dir: string, namesOnly = false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else { const s = statSync(path); out[path] = namesOnly ? '' : `${s.size}:${s.mtimeMs}`; }
    }
  };
  walk(dir);
  return out;
}

const signIn = `mutation { login(username: "greenthumb_admin", password: "plants-are-friends") { token } }`;
const create = `mutation { createThread(input: { categorySlug: "orchids", title: "Written by the owner", body: "Mine." }) { slug } }`;

// The tests share one folder and run in order (each start of a fresh folder costs initdb and the demo seed).
describe('the embedded data folder has one owner', () => {
  let dir: string;
  let owner: ServerProcess;
  let token: string;
  let slug: string;
  const readSlug = async (server: ServerProcess) =>
    (await server.gql(`query($slug: String!) { thread(slug: $slug) { title } }`, { slug })).data.thread?.title;

  beforeAll(async () => {
    dir = newFolder();
    owner = await startServer({ DATA_DIR: dir, LOG_LEVEL: 'info' });
    servers.push(owner);
    token = (await owner.gql(signIn)).data.login.token;
    slug = (await owner.gql(create, {}, token)).data.createThread.slug;
  });

  it('refuses a second server with one line naming the folder and the owner, and the first keeps serving its data', async () => {
    const before = snapshot(dir, true);
    const second = runCommand('src/main.ts', [], { DATA_DIR: dir, PORT: '0' });
    expect(second.status).not.toBe(0);
    expect(second.lines).toHaveLength(1);
    expect(second.lines[0]).toBe(`forum-server: the embedded database in ${dir} is in use by process ${owner.child.pid} `
      + `(${JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).command}); stop it first, or set DATA_DIR to another folder`);
    expect(snapshot(dir, true)).toEqual(before);
    expect(await readSlug(owner)).toBe('Written by the owner');
    expect((await owner.gql(create, {}, token)).errors).toBeUndefined();
  });

  it('refuses npm run seed (and its migrations) while a server owns the folder, and changes nothing', async () => {
    const threads = (await owner.gql(`{ threads(first: 1) { totalCount } }`)).data.threads.totalCount;
    const before = snapshot(dir, true);
    const seed = runCommand('src/seed/cli.ts', ['--threads', '5'], { DATA_DIR: dir });
    expect(seed.status).toBe(1);
    expect(seed.lines).toHaveLength(1);
    expect(seed.lines[0]).toMatch(new RegExp(`^seed: the embedded database in ${dir} is in use by process ${owner.child.pid} `));
    expect(snapshot(dir, true)).toEqual(before);
    expect((await owner.gql(`{ threads(first: 1) { totalCount } }`)).data.threads.totalCount).toBe(threads);
  });

  it('lets npm run cache:clear run while a server owns the folder (it never opens the database)', () => {
    const clear = runCommand('src/cache/clear-cli.ts', [], { DATA_DIR: dir });
    expect(clear.status).toBe(0);
    expect(clear.lines.join('\n')).toMatch(/^cache:clear: /);
  });

  it('logs its cache lines (invalidations included) only at LOG_LEVEL=debug, not at info', () => {
    expect(owner.output()).toContain('forum server ready');
    expect(owner.output()).not.toContain('[CACHE]');
  });

  it('starts after its previous owner was killed with SIGKILL, with the data that owner wrote', async () => {
    await owner.stop('SIGKILL');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(owner.child.pid); // left behind
    owner = await startServer({ DATA_DIR: dir });
    servers.push(owner);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(owner.child.pid);
    expect(await readSlug(owner)).toBe('Written by the owner');
  });

  it('frees the folder on a graceful stop', async () => {
    expect(await owner.stop('SIGTERM')).toBe(0);
    expect(() => statSync(join(dir, LOCK_FILE))).toThrow();
  });
});

describe('a command refused by the lock', () => {
  it('leaves the folder exactly as it was, byte for byte', () => {
    const dir = newFolder();
    const lock = lockDataDir(dir); // this test process owns it
    const before = snapshot(dir);
    for (const [entry, args] of [['src/main.ts', []], ['src/seed/cli.ts', ['--threads', '5']]] as const) {
      const run = runCommand(entry, [...args], { DATA_DIR: dir, PORT: '0' });
      expect(run.status).toBe(1);
      expect(run.lines.join('\n')).toContain(`is in use by process ${process.pid}`);
    }
    expect(snapshot(dir)).toEqual(before);
    lock.release();
  });
});

describe('lockDataDir', () => {
  const lockOf = (dir: string, owner: object) => writeFileSync(join(dir, LOCK_FILE), JSON.stringify(owner));

  it('refuses a folder this very process already holds', () => {
    const dir = newFolder();
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLocked);
    lock.release();
    lockDataDir(dir).release();
  });

  it('takes over a lock whose process no longer exists', () => {
    const dir = newFolder();
    lockOf(dir, { pid: 2 ** 22 + 17, host: hostname(), startTime: '1', command: 'gone' });
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose PID was reused by another process since (its start time differs)', () => {
    const dir = newFolder();
    lockOf(dir, { pid: process.ppid, host: hostname(), startTime: '1', command: 'long gone' });
    lockDataDir(dir).release();
  });

  it('refuses a lock held from another host, which it cannot check, and names that host', () => {
    const dir = newFolder();
    lockOf(dir, { pid: 123, host: 'other-machine', startTime: null, command: 'node dist/main.js' });
    expect(() => lockDataDir(dir)).toThrow(/in use by process 123 on host other-machine \(node dist\/main.js\)/);
  });
});
