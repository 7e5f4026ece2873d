// Entry point: parse the configuration, start the server (or, with WORKERS>1, the workers: src/http/workers.ts), shut
// down gracefully on SIGTERM/SIGINT.
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DataDirLocked } from './db/data-dir-lock.js';
import { doesSetup, isWorker, runPrimary } from './http/workers.js';
import { createLogger } from './logger.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`forum-server: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  if (config.workers > 1 && !isWorker()) {
    process.exit(await runPrimary(config.workers, createLogger(config.logLevel)));
  }
  await serve(config);
}

async function serve(config: Config) {
  const app = await createApp({ config, setup: doesSetup() });
  const port = await app.listen();
  const cache = config.cacheEnabled ? (config.redisUrl ? 'redis' : config.redisClusterNodes ? 'redis-cluster' : 'memory') : 'off';
  if (isWorker()) app.logger.info({ port, pid: process.pid }, 'worker ready');
  else app.logger.info({ port, database: app.database.driver, cache }, `forum server ready at http://localhost:${port}/graphql`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down: draining requests, flushing view counts');
    app.close().then(() => process.exit(0), (error) => {
      app.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // A worker whose primary is gone (killed) stops too, rather than serve on unsupervised.
  if (isWorker()) process.on('disconnect', () => stop('primary gone'));
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLocked) {
    console.error(`forum-server: ${error.message}`);
    process.exit(1);
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`forum-server: start-up failed: ${message}`);
  process.exit(1);
});
