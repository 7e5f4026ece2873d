// The one place that reads process.env. Parsed once; every bad variable is reported, then start-up stops.
import { z } from 'zod';

/** One variable: how it parses, and the rule an error states ("PORT must be <rule>, got "abc""). */
interface Variable<T extends z.ZodTypeAny> {
  rule: string;
  schema: T;
  /** Never echoed in an error: the value given is replaced by a note of its length. */
  secret?: boolean;
}

const variable = <T extends z.ZodTypeAny>(rule: string, schema: T, secret = false): Variable<T> => ({ rule, schema, secret });

const integer = (min: number, max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));
const integerFrom = (min: number, max: number, def: number) =>
  variable(max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`,
    integer(min, max).default(String(def)));
const seconds = (def: number) => integerFrom(1, 31_536_000, def);
const onOff = (def?: 'on' | 'off') => variable('on or off', def ? z.enum(['on', 'off']).default(def) : z.enum(['on', 'off']).optional());

const urlOf = (protocols: string[]) =>
  variable(`a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`, z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }).optional());

/** `host:port,host:port,...`: at least one node, each with a port from 1 to 65535 (IPv6 hosts in brackets). */
const clusterNodes = variable('a comma-separated list of host:port (the seed nodes of a Redis Cluster)',
  z.string().refine((value) => value.split(',').every((node) => {
    const match = /^\s*(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\s*$/.exec(node);
    return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 65_535;
  })).optional());

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const variables = {
  // 0 asks the operating system for any free port (the log line says which).
  PORT: integerFrom(0, 65_535, 4000),
  DATABASE_URL: urlOf(['postgres:', 'postgresql:']),
  DATA_DIR: variable('a folder path', z.string().min(1).default('./data')),
  REDIS_URL: urlOf(['redis:', 'rediss:']),
  REDIS_CLUSTER_NODES: clusterNodes,
  // Server processes on the one port (node:cluster); more than one needs PostgreSQL and a shared cache (or none).
  WORKERS: integerFrom(1, 256, 1),
  CACHE: onOff('on'),
  CACHE_TTL_THREAD_S: seconds(3600),
  CACHE_TTL_LIST_S: seconds(21_600),
  CACHE_TTL_CATEGORY_S: seconds(86_400),
  CACHE_TTL_USER_S: seconds(3600),
  CACHE_MEMORY_MAX_ENTRIES: integerFrom(1, Number.MAX_SAFE_INTEGER, 50_000),
  CACHE_MEMORY_MAX_BYTES: integerFrom(1024, Number.MAX_SAFE_INTEGER, 256 * 1024 * 1024),
  FORUM_ADMIN_USERNAME: variable('a username', z.string().optional()),
  // The rule of every account's password (docs/api.md, "Limits and errors"), checked here so start-up says which variable.
  FORUM_ADMIN_PASSWORD: variable('a password of 8 to 256 characters', z.string().min(8).max(256).optional(), true),
  SEED_DEMO: onOff(),
  LOGIN_MAX_FAILURES: integerFrom(1, 1_000_000, 10),
  LOGIN_WINDOW_S: seconds(60),
  // Posting limits against spam (docs/api.md, "People"); 0 turns a limit off.
  POST_RATE_MAX: integerFrom(0, 1_000_000, 10),
  POST_RATE_WINDOW_S: seconds(60),
  REPORT_RATE_MAX: integerFrom(0, 1_000_000, 20),
  LOG_LEVEL: variable(`one of ${LOG_LEVELS.join(', ')}`, z.enum(LOG_LEVELS).default('info')),
  VIEW_FLUSH_MS: integerFrom(10, 9000, 1000),
  DB_STATEMENT_TIMEOUT_MS: integerFrom(100, 600_000, 5000),
  CACHE_TIMEOUT_MS: integerFrom(20, 10_000, 250),
  // The stored-response fast path for anonymous reads; off: every read runs through Apollo (comparisons, the bench).
  RESPONSE_FAST_PATH: onOff('on'),
  // Both give up the freshness guarantee at the edge (a cache may serve a response after a mutation changed it).
  HTTP_CACHE_S_MAXAGE_S: integerFrom(0, 31_536_000, 0),
  HTTP_CACHE_STALE_WHILE_REVALIDATE_S: integerFrom(0, 31_536_000, 0),
  // Apollo's automatic persisted queries (on), only the operations of a manifest (only: trusted documents), or none.
  PERSISTED_QUERIES: variable('on, only or off', z.enum(['on', 'only', 'off']).default('on')),
  PERSISTED_QUERIES_MANIFEST: variable('a file path', z.string().min(1).optional()),
  PERSISTED_QUERIES_TTL_S: seconds(86_400),
  PERSISTED_QUERIES_MAX_ENTRIES: integerFrom(1, 1_000_000, 10_000),
  LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: integerFrom(1, 10_000, 20),
  LIVE_MAX_CONNECTIONS_PER_IP: integerFrom(1, 1_000_000, 50),
  LIVE_MAX_QUEUED_EVENTS: integerFrom(1, 100_000, 100),
  LIVE_BACKLOG_MAX_EVENTS: integerFrom(1, 1_000_000, 1000),
  LIVE_BACKLOG_MAX_AGE_MIN: integerFrom(1, 10_080, 60),
  /** Fault drills only: kill the process right after each mutation's commit, before it applies its changes. */
  FORUM_FAULT_CRASH_AFTER_COMMIT: variable('1 (fault drills only) or unset', z.literal('1').optional()),
};

/** Every variable the server reads (docs/configuration.md lists the same; a test compares them). */
export const CONFIG_VARIABLES = Object.keys(variables);

type Parsed = { [K in keyof typeof variables]: z.output<(typeof variables)[K]['schema']> };

/** The value as an error may show it: URL passwords masked, secrets never shown, long values cut. */
export function displayValue(name: string, value: string): string {
  if ((variables as Record<string, Variable<z.ZodTypeAny>>)[name]?.secret) return `(${value.length} characters, not shown)`;
  // Also for values that do not parse as URLs: anything between "scheme://user:" and the last "@" is a password.
  const masked = value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:)[^/?#]*@/i, '$1***@');
  const shown = masked.length > 120 ? `${masked.slice(0, 120)}…` : masked;
  return JSON.stringify(shown);
}

export interface Config {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  /** The seed nodes of a Redis Cluster (`host:port,...`), when the cache is a cluster; never set with redisUrl. */
  redisClusterNodes: string | undefined;
  /** Server processes sharing the port. Defaults to 1. */
  workers: number;
  cacheEnabled: boolean;
  ttl: { thread: number; list: number; category: number; user: number };
  memoryCache: { maxEntries: number; maxBytes: number };
  admin: { username: string; password: string } | undefined;
  seedDemo: boolean;
  login: { maxFailures: number; windowS: number };
  /** Threads and posts per user per window, and reports per user per hour; 0: no limit. Moderators post freely. */
  posting: { postMax: number; postWindowS: number; reportMax: number };
  logLevel: string;
  viewFlushMs: number;
  /** PostgreSQL's statement_timeout on the server's connections: no statement holds a connection longer. */
  statementTimeoutMs: number;
  /** How long a cache call may take before the request falls back to the database (and the cache is suspended). */
  cacheTimeoutMs: number;
  /** Whether anonymous reads are answered from stored responses before Apollo (src/http/fast-path.ts). */
  responseFastPath: boolean;
  /** HTTP caching of anonymous reads by caches in front (src/http/cache-headers.ts). */
  httpCache: { sMaxAgeS: number; staleWhileRevalidateS: number };
  /** Persisted queries (docs/api.md, "Persisted queries"). */
  persistedQueries: PersistedQueriesConfig;
  /** Subscriptions over WebSocket (README "Live updates"). */
  live: LiveLimits;
  /** Fault drills only (FORUM_FAULT_CRASH_AFTER_COMMIT=1). */
  crashAfterCommit: boolean;
}

export interface PersistedQueriesConfig {
  /** `on`: Apollo's automatic persisted queries; `only`: nothing but the manifest's operations runs; `off`: refused. Defaults to on. */
  mode: 'on' | 'only' | 'off';
  /** A manifest in the format of Apollo's generate-persisted-query-manifest: required by `only`, optional with `on`. */
  manifestPath: string | undefined;
  /** How long a registration is kept after it was last registered. Defaults to 86,400 s. */
  ttlS: number;
  /** Registrations kept (per process, and in Redis); past it the oldest go first. Defaults to 10,000. */
  maxEntries: number;
}

export interface LiveLimits {
  /** Active subscriptions one WebSocket connection may hold. Defaults to 20. */
  maxSubscriptionsPerConnection: number;
  /** Open WebSocket connections from one IP address. Defaults to 50. */
  maxConnectionsPerIp: number;
  /** Events one subscription may have waiting for a client that does not read; past it the client is dropped. Defaults to 100. */
  maxQueuedEvents: number;
  /** Events kept per thread and per category for subscriptions `after` a position. Defaults to 1000. */
  backlogMaxEvents: number;
  /** How long kept events stay, in seconds. Defaults to 3600 (LIVE_BACKLOG_MAX_AGE_MIN=60). */
  backlogMaxAgeS: number;
}

export class ConfigError extends Error {}

/**
 * Parses an environment (process.env by default) into a Config; throws ConfigError naming every bad variable, its
 * rule and the value given (`PORT must be an integer from 0 to 65,535, got "abc"`), secrets redacted.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [name, { rule, schema }] of Object.entries(variables) as [string, Variable<z.ZodTypeAny>][]) {
    // An empty variable counts as unset, as a shell's `PORT= npm start` means.
    const raw = env[name] === '' ? undefined : env[name];
    const result = schema.safeParse(raw);
    if (result.success) parsed[name] = result.data;
    else problems.push(`${name} must be ${rule}, got ${displayValue(name, raw ?? '')}`);
  }
  const e = parsed as Parsed;
  // Rules between variables, once each parsed.
  if (e.PERSISTED_QUERIES === 'only' && e.PERSISTED_QUERIES_MANIFEST === undefined) {
    problems.push('PERSISTED_QUERIES_MANIFEST must be set when PERSISTED_QUERIES is only (the operations it allows)');
  }
  if (e.PERSISTED_QUERIES === 'off' && e.PERSISTED_QUERIES_MANIFEST !== undefined) {
    problems.push('PERSISTED_QUERIES_MANIFEST must be unset when PERSISTED_QUERIES is off (no persisted query is served)');
  }
  if (problems.length === 0) problems.push(...combinationProblems(e));
  if (problems.length > 0) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    redisClusterNodes: e.REDIS_CLUSTER_NODES?.split(',').map((n) => n.trim()).join(','),
    workers: e.WORKERS,
    cacheEnabled: e.CACHE === 'on',
    ttl: { thread: e.CACHE_TTL_THREAD_S, list: e.CACHE_TTL_LIST_S, category: e.CACHE_TTL_CATEGORY_S, user: e.CACHE_TTL_USER_S },
    memoryCache: { maxEntries: e.CACHE_MEMORY_MAX_ENTRIES, maxBytes: e.CACHE_MEMORY_MAX_BYTES },
    admin: e.FORUM_ADMIN_USERNAME && e.FORUM_ADMIN_PASSWORD
      ? { username: e.FORUM_ADMIN_USERNAME, password: e.FORUM_ADMIN_PASSWORD }
      : undefined,
    seedDemo: (e.SEED_DEMO ?? (e.DATABASE_URL ? 'off' : 'on')) === 'on',
    login: { maxFailures: e.LOGIN_MAX_FAILURES, windowS: e.LOGIN_WINDOW_S },
    posting: { postMax: e.POST_RATE_MAX, postWindowS: e.POST_RATE_WINDOW_S, reportMax: e.REPORT_RATE_MAX },
    logLevel: e.LOG_LEVEL,
    viewFlushMs: e.VIEW_FLUSH_MS,
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    cacheTimeoutMs: e.CACHE_TIMEOUT_MS,
    responseFastPath: e.RESPONSE_FAST_PATH === 'on',
    httpCache: { sMaxAgeS: e.HTTP_CACHE_S_MAXAGE_S, staleWhileRevalidateS: e.HTTP_CACHE_STALE_WHILE_REVALIDATE_S },
    persistedQueries: {
      mode: e.PERSISTED_QUERIES, manifestPath: e.PERSISTED_QUERIES_MANIFEST,
      ttlS: e.PERSISTED_QUERIES_TTL_S, maxEntries: e.PERSISTED_QUERIES_MAX_ENTRIES,
    },
    live: {
      maxSubscriptionsPerConnection: e.LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      maxConnectionsPerIp: e.LIVE_MAX_CONNECTIONS_PER_IP,
      maxQueuedEvents: e.LIVE_MAX_QUEUED_EVENTS,
      backlogMaxEvents: e.LIVE_BACKLOG_MAX_EVENTS,
      backlogMaxAgeS: e.LIVE_BACKLOG_MAX_AGE_MIN * 60,
    },
    crashAfterCommit: e.FORUM_FAULT_CRASH_AFTER_COMMIT === '1',
  };
}

/** Variables that parse alone but not together. */
function combinationProblems(e: Parsed): string[] {
  const problems: string[] = [];
  if (e.REDIS_URL && e.REDIS_CLUSTER_NODES) {
    problems.push('REDIS_URL and REDIS_CLUSTER_NODES must not both be set (one Redis, or one Redis Cluster)');
  }
  if (e.WORKERS > 1 && !e.DATABASE_URL) {
    problems.push(`WORKERS must be 1 with the embedded database (PGlite serves one process), got ${e.WORKERS}: set DATABASE_URL to run several`);
  } else if (e.WORKERS > 1 && e.CACHE === 'on' && !e.REDIS_URL && !e.REDIS_CLUSTER_NODES) {
    problems.push(`WORKERS must be 1 with the in-process cache (each process would keep its own copy, which another's mutation cannot invalidate), got ${e.WORKERS}: set REDIS_URL or REDIS_CLUSTER_NODES, or CACHE=off`);
  }
  return problems;
}

/** Whether this process runs under CI (tests that need a real service must then fail instead of skipping). */
export const isCI = (env: NodeJS.ProcessEnv = process.env) => Boolean(env.CI) && env.CI !== 'false';
