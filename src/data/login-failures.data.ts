import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { loginFailures } from '../db/schema.js';

/** Failures counted for this key in the current window (0 when the window has passed). */
export async function countFailures(db: Db, key: string, windowS: number): Promise<number> {
  const rows = await db.select().from(loginFailures).where(eq(loginFailures.key, key)).limit(1);
  const row = rows[0];
  if (!row || row.windowStart.getTime() + windowS * 1000 <= Date.now()) return 0;
  return row.failures;
}

/** Adds one failure; a window that has passed starts over. One statement. */
export async function recordFailure(db: Db, key: string, windowS: number): Promise<void> {
  await db.insert(loginFailures).values({ key, windowStart: new Date(), failures: 1 }).onConflictDoUpdate({
    target: loginFailures.key,
    set: {
      failures: sql`case when ${loginFailures.windowStart} + make_interval(secs => ${windowS}) <= now()
        then 1 else ${loginFailures.failures} + 1 end`,
      windowStart: sql`case when ${loginFailures.windowStart} + make_interval(secs => ${windowS}) <= now()
        then now() else ${loginFailures.windowStart} end`,
    },
  });
}
