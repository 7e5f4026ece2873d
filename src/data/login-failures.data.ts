import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { loginFailures } from '../db/schema.js';
import { preparedAnywhere } from './prepared.js';

/**
 * Counts one attempt against this key and returns the count in the current window; a window that has passed
 * starts over. One statement, so concurrent attempts each see a different count. Built once (src/data/prepared.ts):
 * every login and every post of a member runs it.
 */
export async function recordAttempt(db: Db, key: string, windowS: number): Promise<number> {
  const rows = await attempt(db).execute({ key, now: new Date(), windowS });
  return rows[0]!.failures;
}

const attempt = preparedAnywhere((db: Db) => {
  const windowPassed = sql`${loginFailures.windowStart} + make_interval(secs => ${sql.placeholder('windowS')}::double precision) <= now()`;
  return db.insert(loginFailures).values({ key: sql.placeholder('key'), windowStart: sql.placeholder('now'), failures: 1 })
    .onConflictDoUpdate({
      target: loginFailures.key,
      set: {
        failures: sql`case when ${windowPassed} then 1 else ${loginFailures.failures} + 1 end`,
        windowStart: sql`case when ${windowPassed} then now() else ${loginFailures.windowStart} end`,
      },
    }).returning({ failures: loginFailures.failures }).prepare('record_attempt');
});

/** Gives back an attempt that did not fail (a successful login, or one refused before its password was checked). */
export async function forgetAttempt(db: Db, key: string): Promise<void> {
  await db.update(loginFailures).set({ failures: sql`greatest(${loginFailures.failures} - 1, 0)` })
    .where(eq(loginFailures.key, key));
}
