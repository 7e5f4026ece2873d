// The one place that reads process.env. Parsed once; every bad variable is reported, then start-up stops.
import { z } from 'zod';

const onOff = z.enum(['on', 'off']);
const seconds = (def: number) => z.coerce.number().int().min(1).max(31_536_000).default(def);

const urlOf = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  DATABASE_URL: urlOf(['postgres:', 'postgresql:']).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: urlOf(['redis:', 'rediss:']).optional(),
  CACHE: onOff.default('on'),
  CACHE_TTL_THREAD_S: seconds(3600),
  CACHE_TTL_LIST_S: seconds(21_600),
  CACHE_TTL_CATEGORY_S: seconds(86_400),
  CACHE_MEMORY_MAX_ENTRIES: z.coerce.number().int().min(1).default(50_000),
  CACHE_MEMORY_MAX_BYTES: z.coerce.number().int().min(1024).default(256 * 1024 * 1024),
  FORUM_ADMIN_USERNAME: z.string().optional(),
  FORUM_ADMIN_PASSWORD: z.string().optional(),
  SEED_DEMO: onOff.optional(),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_WINDOW_S: seconds(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VIEW_FLUSH_MS: z.coerce.number().int().min(10).max(9000).default(1000),
  /** Fault drills only: kill the process right after each mutation's commit, before it applies its changes. */
  FORUM_FAULT_CRASH_AFTER_COMMIT: z.literal('1').optional(),
});

export interface Config {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  cacheEnabled: boolean;
  ttl: { thread: number; list: number; category: number };
  memoryCache: { maxEntries: number; maxBytes: number };
  admin: { username: string; password: string } | undefined;
  seedDemo: boolean;
  login: { maxFailures: number; windowS: number };
  logLevel: string;
  viewFlushMs: number;
  /** Fault drills only (FORUM_FAULT_CRASH_AFTER_COMMIT=1). */
  crashAfterCommit: boolean;
}

export class ConfigError extends Error {}

/** Parses an environment (process.env by default) into a Config; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    cacheEnabled: e.CACHE === 'on',
    ttl: { thread: e.CACHE_TTL_THREAD_S, list: e.CACHE_TTL_LIST_S, category: e.CACHE_TTL_CATEGORY_S },
    memoryCache: { maxEntries: e.CACHE_MEMORY_MAX_ENTRIES, maxBytes: e.CACHE_MEMORY_MAX_BYTES },
    admin: e.FORUM_ADMIN_USERNAME && e.FORUM_ADMIN_PASSWORD
      ? { username: e.FORUM_ADMIN_USERNAME, password: e.FORUM_ADMIN_PASSWORD }
      : undefined,
    seedDemo: (e.SEED_DEMO ?? (e.DATABASE_URL ? 'off' : 'on')) === 'on',
    login: { maxFailures: e.LOGIN_MAX_FAILURES, windowS: e.LOGIN_WINDOW_S },
    logLevel: e.LOG_LEVEL,
    viewFlushMs: e.VIEW_FLUSH_MS,
    crashAfterCommit: e.FORUM_FAULT_CRASH_AFTER_COMMIT === '1',
  };
}

/** Whether this process runs under CI (tests that need a real service must then fail instead of skipping). */
export const isCI = (env: NodeJS.ProcessEnv = process.env) => Boolean(env.CI) && env.CI !== 'false';
