// The real services of this machine (and CI's). Unreachable: tests skip loudly, except under CI, where they fail.
import { createConnection } from 'node:net';
import { isCI } from '../../src/config.js';

import { POSTGRES_URL, REDIS_URL } from './service-urls.js';

export { POSTGRES_URL, REDIS_URL };

/** Whether a TCP connection opens; tried a few times, as a busy machine can be slow to accept. */
export async function reachable(url: string, timeoutMs = 2000, attempts = 3): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await connects(url, timeoutMs)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function connects(url: string, timeoutMs: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port), timeout: timeoutMs });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

/** Whether a suite needing this service runs. Under CI an unreachable service throws instead of skipping. */
export async function serviceAvailable(name: string, url: string): Promise<boolean> {
  if (await reachable(url)) return true;
  if (isCI()) throw new Error(`${name} at ${url} is unreachable, and CI requires it`);
  console.warn(`\n!!!!! SKIPPING ${name} TESTS: ${url} is unreachable (set CI=true to make this a failure) !!!!!\n`);
  return false;
}

const [pgUp, rUp] = await Promise.all([reachable(POSTGRES_URL), reachable(REDIS_URL)]);
if ((!pgUp || !rUp) && isCI()) {
  throw new Error(`CI requires PostgreSQL (${pgUp ? 'up' : 'down'}) and Redis (${rUp ? "up" : "down"})`);
}
for (const [name, up, url] of [['PostgreSQL', pgUp, POSTGRES_URL], ["Redis", rUp, REDIS_URL]] as const) {
  if (!up) console.warn(`\n!!!!! ${name} at ${url} is unreachable: its tests are SKIPPED (set CI=true to fail instead) !!!!!\n`);
}
export const postgresUp = pgUp;
export const redisUp = rUp;
