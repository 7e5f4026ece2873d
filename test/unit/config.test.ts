// Configuration errors name the variable, its rule and the value given, and never echo a secret.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const messageOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('configuration errors', () => {
  it('name the variable, the rule and the value given', () => {
    expect(messageOf({ PORT: 'abc' })).toBe('invalid configuration: PORT must be an integer from 0 to 65535, got "abc"');
    expect(messageOf({ CACHE: 'sometimes' })).toBe('invalid configuration: CACHE must be on or off, got "sometimes"');
    expect(messageOf({ LOGIN_WINDOW_S: '1.5' }))
      .toBe('invalid configuration: LOGIN_WINDOW_S must be an integer from 1 to 31536000, got "1.5"');
    expect(messageOf({ CACHE_MEMORY_MAX_BYTES: '12' }))
      .toBe('invalid configuration: CACHE_MEMORY_MAX_BYTES must be an integer of at least 1024, got "12"');
  });

  it('take the cache and statement timeouts, within their bounds', () => {
    expect(loadConfig({ CACHE_TIMEOUT_MS: '1000', DB_STATEMENT_TIMEOUT_MS: '30000' }))
      .toMatchObject({ cacheTimeoutMs: 1000, statementTimeoutMs: 30_000 });
    expect(loadConfig({})).toMatchObject({ cacheTimeoutMs: 250, statementTimeoutMs: 5000 });
    expect(messageOf({ CACHE_TIMEOUT_MS: '5' }))
      .toBe('invalid configuration: CACHE_TIMEOUT_MS must be an integer from 20 to 10000, got "5"');
  });

  it('take persisted queries on by default; only needs a manifest, off refuses one', () => {
    expect(loadConfig({}).persistedQueries).toEqual({ mode: 'on', manifestPath: undefined, ttlS: 86_400, maxEntries: 10_000 });
    expect(loadConfig({ PERSISTED_QUERIES: 'only', PERSISTED_QUERIES_MANIFEST: 'ops.json' }).persistedQueries)
      .toMatchObject({ mode: 'only', manifestPath: 'ops.json' });
    expect(messageOf({ PERSISTED_QUERIES: 'only' })).toBe('invalid configuration: '
      + 'PERSISTED_QUERIES_MANIFEST must be set when PERSISTED_QUERIES is only (the operations it allows)');
    expect(messageOf({ PERSISTED_QUERIES: 'off', PERSISTED_QUERIES_MANIFEST: 'ops.json' })).toBe('invalid configuration: '
      + 'PERSISTED_QUERIES_MANIFEST must be unset when PERSISTED_QUERIES is off (no persisted query is served)');
    expect(messageOf({ PERSISTED_QUERIES: 'trusted' })).toBe('invalid configuration: PERSISTED_QUERIES must be on, only or off, got "trusted"');
    expect(messageOf({ PERSISTED_QUERIES_MAX_ENTRIES: '0' }))
      .toBe('invalid configuration: PERSISTED_QUERIES_MAX_ENTRIES must be an integer from 1 to 1000000, got "0"');
  });

  it('take the response fast path on by default, off when asked, and nothing else', () => {
    expect(loadConfig({}).responseFastPath).toBe(true);
    expect(loadConfig({ RESPONSE_FAST_PATH: 'off' }).responseFastPath).toBe(false);
    expect(messageOf({ RESPONSE_FAST_PATH: 'no' })).toBe('invalid configuration: RESPONSE_FAST_PATH must be on or off, got "no"');
  });

  it('list every bad variable in one line', () => {
    const message = messageOf({ PORT: '99999', LOG_LEVEL: 'loud', REDIS_URL: 'localhost:6379' });
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toBe('invalid configuration: PORT must be an integer from 0 to 65535, got "99999"; '
      + 'REDIS_URL must be a URL starting with redis:// or rediss://, got "localhost:6379"; '
      + 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"');
  });

  it('mask the password of a URL, also of a URL that does not parse', () => {
    expect(messageOf({ DATABASE_URL: 'mysql://forum:s3cr@t@db.internal/forum' }))
      .toBe('invalid configuration: DATABASE_URL must be a URL starting with postgres:// or postgresql://, '
        + 'got "mysql://forum:***@db.internal/forum"');
    const unparsable = messageOf({ REDIS_URL: 'redis://:hunter 2@cache:port/0' });
    expect(unparsable).not.toContain('hunter');
    expect(unparsable).toContain('"redis://:***@cache:port/0"');
  });

  it('take a Redis Cluster as a list of seed nodes, and refuse a malformed one', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, cache-b:7001,[::1]:7002' }).redisClusterNodes)
      .toBe('10.0.0.1:7000,cache-b:7001,[::1]:7002');
    expect(loadConfig({}).redisClusterNodes).toBeUndefined();
    for (const bad of ['10.0.0.1', 'redis://a:7000', 'a:0', 'a:70000', 'a:7000,,b:7001']) {
      expect(messageOf({ REDIS_CLUSTER_NODES: bad })).toBe('invalid configuration: REDIS_CLUSTER_NODES must be a '
        + `comma-separated list of host:port (the seed nodes of a Redis Cluster), got ${JSON.stringify(bad)}`);
    }
    expect(messageOf({ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'a:7000' }))
      .toBe('invalid configuration: REDIS_URL and REDIS_CLUSTER_NODES must not both be set (one Redis, or one Redis Cluster)');
  });

  it('run several workers only on PostgreSQL with a shared cache or none', () => {
    const pg = { DATABASE_URL: 'postgres://db/forum' };
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ ...pg, WORKERS: '4', REDIS_URL: 'redis://cache' }).workers).toBe(4);
    expect(loadConfig({ ...pg, WORKERS: '2', REDIS_CLUSTER_NODES: 'a:7000' }).workers).toBe(2);
    expect(loadConfig({ ...pg, WORKERS: '2', CACHE: 'off' }).workers).toBe(2);
    expect(messageOf({ WORKERS: '2' })).toBe('invalid configuration: WORKERS must be 1 with the embedded database '
      + '(PGlite serves one process), got 2: set DATABASE_URL to run several');
    expect(messageOf({ ...pg, WORKERS: '2' })).toContain('WORKERS must be 1 with the in-process cache');
    expect(messageOf({ WORKERS: '0' })).toBe('invalid configuration: WORKERS must be an integer from 1 to 256, got "0"');
  });

  it('never echo FORUM_ADMIN_PASSWORD', () => {
    const message = messageOf({ FORUM_ADMIN_USERNAME: 'root', FORUM_ADMIN_PASSWORD: 'short' });
    expect(message).toBe('invalid configuration: FORUM_ADMIN_PASSWORD must be a password of 8 to 256 characters, '
      + 'got (5 characters, not shown)');
  });

  it('treat an empty variable as unset, and default what is unset', () => {
    const config = loadConfig({ PORT: '', CACHE: '' });
    expect(config.port).toBe(4000);
    expect(config.cacheEnabled).toBe(true);
    expect(config.dataDir).toBe('./data');
    expect(config.seedDemo).toBe(true);
  });
});
