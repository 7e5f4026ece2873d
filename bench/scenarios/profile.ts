// Where the time goes: on a thread-page hit, the forum (ForumCacheService on Redis) and the floor each run the
// same load under --cpu-prof; on a miss, the forum with CACHE=off runs the thread page and the list (every
// request then builds its page from the database). Only samples from the measured run count (start-up and
// warm-up are cut off).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from '../lib/load.js';
import type { BenchOptions } from '../lib/options.js';
import { flushTargetRedis, startServer, TARGETS, type ServerSettings, type TargetName } from '../lib/servers.js';
import { summarizeProfile, type ProfileSummary } from '../report/cpu-profile.js';
import { firstAnswers, floorResponses, type ReadQuery } from './read-paths.js';

async function profileOne(name: TargetName, label: string, settings: ServerSettings, options: BenchOptions, query: ReadQuery): Promise<ProfileSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'forum-bench-prof-'));
  const spawned = performance.now();
  const server = await startServer(TARGETS.find((t) => t.name === name)!, { ...settings, cpuProfDir: dir });
  let requests = 0;
  let measuredFromMs = 0;
  try {
    const result = await load({
      title: `profile ${name.padEnd(13)} ${query.label}`, url: server.graphql, body: query.body, connections: options.connections,
      durationS: Math.max(5, options.timing.roundS * options.timing.rounds), warmupS: Math.max(1, options.timing.warmupS),
      afterWarmup: async () => { measuredFromMs = performance.now() - spawned; },
    });
    requests = result.requests;
  } finally {
    await server.stop();
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`the profiled ${name} wrote no .cpuprofile`);
  // The process started after `spawned`, so this offset never cuts into the measured run.
  const summary = summarizeProfile(join(dir, file), `${label}, ${query.label} (measured run only)`, requests, measuredFromMs);
  rmSync(dir, { recursive: true, force: true });
  return summary;
}

export async function profileThreadPage(options: BenchOptions, query: ReadQuery): Promise<ProfileSummary[]> {
  const floorFile = join(tmpdir(), `forum-bench-floor-${process.pid}.json`);
  const settings: ServerSettings = { databaseUrl: options.databaseUrl, redisUrl: options.redisUrl, floorFile };
  await flushTargetRedis(options.redisUrl);
  const forum = await profileOne('forum-redis', 'ForumCacheService on Redis', settings, options, query);
  // The floor answers with the forum's bytes for this request, taken from a fresh forum server.
  const source = await startServer(TARGETS.find((t) => t.name === 'forum-redis')!, settings);
  try {
    writeFileSync(floorFile, JSON.stringify(floorResponses([query], await firstAnswers(source, [query]))));
  } finally {
    await source.stop();
  }
  try {
    return [forum, await profileOne('floor', 'node:http floor', settings, options, query)];
  } finally {
    rmSync(floorFile, { force: true });
  }
}

/** A miss: every request to CACHE=off reads the database and builds its page, as a cache miss does. */
export async function profileMiss(options: BenchOptions, queries: ReadQuery[]): Promise<ProfileSummary[]> {
  const settings: ServerSettings = { databaseUrl: options.databaseUrl, redisUrl: options.redisUrl };
  const summaries: ProfileSummary[] = [];
  for (const query of queries) summaries.push(await profileOne('cache-off', 'CACHE=off', settings, options, query));
  return summaries;
}
