import { pino, stdSerializers, type Logger } from 'pino';

export type { Logger };

/**
 * An error as log fields: its type, message and code. Drizzle puts the failed SQL and its parameters (user data,
 * password hashes) in its message, so such an error is logged as the driver's error it wraps. An error PostgreSQL
 * answered (postgres.js's PostgresError) is logged as a `DatabaseError` with its SQLSTATE code and message: the name
 * of the driver's class tells an operator nothing the code does not. Stacks and the rest stay out of default log
 * lines; LOG_LEVEL=debug or trace logs errors whole.
 */
export function errorFields(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const cause = (err as { cause?: unknown }).cause;
  const shown = err.message.startsWith('Failed query:') && cause instanceof Error ? cause : err;
  const code = (shown as { code?: unknown }).code;
  const type = shown.name === 'PostgresError' ? 'DatabaseError' : shown.constructor.name;
  return { type, message: shown.message, ...(typeof code === 'string' ? { code } : {}) };
}

/** JSON logs on stdout; secrets that could reach a log line are redacted. */
export function createLogger(level: string): Logger {
  const verbose = level === 'debug' || level === 'trace';
  return pino({
    level,
    redact: ['password', '*.password', 'token', '*.token', 'headers.authorization', 'databaseUrl', 'redisUrl'],
    serializers: { err: verbose ? stdSerializers.err : errorFields },
  });
}
