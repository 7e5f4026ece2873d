// A real nginx in front of a test server, configured by deploy/nginx.conf (the operators' file) with only its port,
// its upstream and its folders changed. Started on a free port, stopped by its PID. Missing nginx: the suite skips
// loudly, or fails under CI (.ci/run installs Debian's package).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCI } from '../../src/config.js';
import { freePort } from './free-port.js';
import { reachable } from './services.js';

const CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'];

function findNginx(): string | null {
  for (const path of CANDIDATES) if (existsSync(path)) return path;
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

export const nginxPath = findNginx();
if (nginxPath === null) {
  if (isCI()) throw new Error('nginx is not installed, and CI requires it (apt-get install nginx)');
  console.warn('\n!!!!! nginx is not installed: the HTTP cache integration tests are SKIPPED (apt-get install nginx; set CI=true to fail instead) !!!!!\n');
}

export interface Nginx { url: string; stop(): Promise<void>; log(): string }

/** deploy/nginx.conf with this port, upstream and folder. */
export function nginxConfig(port: number, upstreamPort: number, dir: string): string {
  const conf = readFileSync(new URL('../../deploy/nginx.conf', import.meta.url), 'utf8');
  const replaced = conf
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replace('server 127.0.0.1:4000;', `server 127.0.0.1:${upstreamPort};`)
    .replace('/var/cache/nginx/forum', join(dir, 'cache'))
    .replace('http {', `http {\n  access_log ${join(dir, 'access.log')};\n  client_body_temp_path ${join(dir, 'body')};\n  proxy_temp_path ${join(dir, 'proxy')};`);
  for (const original of ['listen 80;', 'server 127.0.0.1:4000;', '/var/cache/nginx/forum']) {
    if (conf.includes(original) === false) throw new Error(`deploy/nginx.conf no longer holds "${original}": update test/support/nginx.ts`);
  }
  return `pid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'error.log')} warn;\ndaemon off;\n${replaced}`;
}

export async function startNginx(upstreamPort: number): Promise<Nginx> {
  if (nginxPath === null) throw new Error('nginx is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'forum-nginx-'));
  chmodSync(dir, 0o777); // workers may run as another user than the master (root's nginx drops to nobody)
  const port = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(port, upstreamPort, dir));
  const child: ChildProcess = spawn(nginxPath, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await reachable(url, 200, 1)); i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    log: () => readFileSync(join(dir, 'access.log'), 'utf8'),
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(child.pid, 'SIGQUIT'); // graceful: the master stops its workers
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
        if (child.exitCode === null) process.kill(child.pid, 'SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
