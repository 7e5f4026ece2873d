// Default log lines name an error by its kind, message and code: no stack, no SQL, no driver internals.
import postgres from 'postgres';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { errorFields } from '../../src/logger.js';

function logged(error: unknown): string {
  let line = '';
  const sink = new Writable({ write(chunk, _encoding, done) { line += String(chunk); done(); } });
  pino({ serializers: { err: errorFields } }, sink).warn({ err: error }, 'something failed');
  return line;
}

describe('error log fields', () => {
  it('log an error PostgreSQL answered as a DatabaseError with its code, without the driver class or a stack', () => {
    const error = new postgres.PostgresError({ message: 'the database system is shutting down', code: '57P03' } as never);
    const line = logged(error);
    expect(JSON.parse(line).err).toEqual({ type: 'DatabaseError', message: 'the database system is shutting down', code: '57P03' });
    expect(line).not.toMatch(/PostgresError|"stack"/);
  });

  it('log a failed drizzle query as the database error it wraps, without its SQL or parameters', () => {
    const cause = new postgres.PostgresError({ message: 'canceling statement due to statement timeout', code: '57014' } as never);
    const wrapped = new Error('Failed query: select "password_hash" from "users" where "users"."id" = $1\nparams: 7', { cause });
    const line = logged(wrapped);
    expect(JSON.parse(line).err).toEqual({ type: 'DatabaseError', message: 'canceling statement due to statement timeout', code: '57014' });
    expect(line).not.toMatch(/Failed query|password_hash|params/);
  });

  it('log any other error by its class and message', () => {
    expect(JSON.parse(logged(new TypeError('bad input'))).err).toEqual({ type: 'TypeError', message: 'bad input' });
  });
});
