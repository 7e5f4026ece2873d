// The server's PostgreSQL connections: JIT off (it compiled plans of short statements for longer than they ran), and
// a statement timeout, so that one request cannot hold a connection for long; a cancelled statement reaches the
// client as QUERY_TIMEOUT, never as an internal error.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFormatError, isStatementTimeout } from '../../src/graphql/format-error.js';
import { createLogger } from '../../src/logger.js';
import { startForum, type TestForum } from '../support/forum.js';
import { postgresUp } from '../support/services.js';

describe.skipIf(!postgresUp)('the server\'s PostgreSQL connections', () => {
  let forum: TestForum;
  beforeAll(async () => {
    forum = await startForum({ db: 'postgres', cache: 'off', config: { statementTimeoutMs: 300 } });
  });
  afterAll(() => forum?.close());

  it('run with JIT off and the configured statement timeout', async () => {
    const rows = await forum.app.database.db.execute(
      sql`select current_setting('jit') as jit, current_setting('statement_timeout') as timeout`);
    expect([...(rows as unknown as Record<string, string>[])][0]).toEqual({ jit: 'off', timeout: '300ms' });
  });

  it('cancel a statement that runs past the timeout, which a client sees as QUERY_TIMEOUT', async () => {
    const error = await forum.app.database.db.execute(sql`select pg_sleep(2)`).then(() => null, (e: unknown) => e);
    expect(isStatementTimeout(error)).toBe(true);
    const formatted = createFormatError(createLogger('silent'))({ message: 'canceling statement due to statement timeout' }, error);
    expect(formatted.extensions?.code).toBe('QUERY_TIMEOUT');
    expect(formatted.message).not.toMatch(/pg_sleep|select/i);
  });

  it('serves again right after a cancelled statement', async () => {
    expect((await forum.ok('{ categories { slug } }')).categories).toEqual([]);
  });

  it("check a post's replies by index when the post is deleted for good (the foreign key's check), not by a scan", async () => {
    const plan = await forum.app.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`); // tables this small would be scanned whatever the indexes
      const rows = await tx.execute(sql`explain select 1 from posts where reply_to_id = 1`);
      return [...(rows as unknown as Record<string, string>[])].map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toMatch(/posts_reply_to_idx/);
  });
});

