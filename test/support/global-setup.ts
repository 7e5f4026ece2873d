import type { TestProject } from 'vitest/node';
import { ensurePgliteImage } from './pglite-image.js';
import { claimRedisDbs } from './redis-dbs.js';
import { REDIS_URL } from './service-urls.js';

export default async function setup(project: TestProject) {
  await ensurePgliteImage();
  // One database per worker, held for the whole run (test/support/redis-dbs.ts).
  const workers = Number(project.config.maxWorkers ?? 2);
  const claim = await claimRedisDbs(REDIS_URL, Math.max(1, Math.min(15, workers)));
  project.provide('redisDbs', claim?.dbs ?? []);
  return async () => { await claim?.release(); };
}
