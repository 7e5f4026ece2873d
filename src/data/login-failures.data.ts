import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { loginFailures } from '../db/schema.js';

/**
 * Counts one attempt against this key and returns the count in the current window; a window that has passed
 * starts over. One statement, so concurrent attempts each see a different count.
 */
export async function recordAttempt(db: Db, key: string, windowS: number): Promise<number> {
  const rows = await db.insert(loginFailures).values({ key, windowStart: new Date(), failures: 1 }).onConflictDoUpdate({
    target: loginFailures.key,
    set: {
      failures: sql`case when ${loginFailures.windowStart} + make_interval(secs => ${windowS}) <= now()
        then 1 else ${loginFailures.failures} + 1 end`,
      windowStart: sql`case when ${loginFailures.windowStart} + make_interval(secs => ${windowS}) <= now()
        then now() else ${loginFailures.windowStart} end`,
    },
  }).returning({ failures: loginFailures.failures });
  return rows[0]!.failures;
}

/** Gives back an attempt that did not fail (a successful login, or one refused before its password was checked). */
export async function forgetAttempt(db: Db, key: string): Promise<void> {
  await db.update(loginFailures).set({ failures: sql`greatest(${loginFailures.failures} - 1, 0)` })
    .where(eq(loginFailures.key, key));
}
