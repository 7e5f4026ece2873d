import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout; secrets that could reach a log line are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: ['password', '*.password', 'token', '*.token', 'headers.authorization', 'databaseUrl', 'redisUrl'],
  });
}
