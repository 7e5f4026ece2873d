// Entry point: parse the configuration, start the server, shut down gracefully on SIGTERM/SIGINT.
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLocked } from './db/data-dir-lock.js';

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
  const app = await createApp({ config });
  const port = await app.listen();
  app.logger.info({ port, database: app.database.driver, cache: config.cacheEnabled ? (config.redisUrl ? 'redis' : 'memory') : 'off' },
    `forum server ready at http://localhost:${port}/graphql`);

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
