// Reports of posts and the moderators' queue (oldest first, keyset-paged on (created_at, id) per status).
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { reports, type ReportRow } from '../db/schema.js';

export type ReportReasonName = ReportRow['reason'];
export type ReportResolutionName = NonNullable<ReportRow['resolution']>;
export type ReportStatusName = ReportRow['status'];

export async function findReportById(db: Db, id: number, forUpdate = false): Promise<ReportRow | null> {
  const query = db.select().from(reports).where(eq(reports.id, id)).limit(1);
  const rows = forUpdate ? await query.for('update') : await query;
  return rows[0] ?? null;
}

/**
 * Files a report, or returns the reporter's open report on this post unchanged (created: false). One statement that
 * cannot race: the partial unique index on (post_id, reporter_id) where open decides.
 */
export async function insertReport(
  db: Db, values: { postId: number; reporterId: number; reason: ReportReasonName; note: string | null },
): Promise<{ report: ReportRow; created: boolean }> {
  const [inserted] = await db.insert(reports).values(values)
    .onConflictDoNothing({ target: [reports.postId, reports.reporterId], where: sql`${reports.status} = 'OPEN'` })
    .returning();
  if (inserted) return { report: inserted, created: true };
  const [open] = await db.select().from(reports)
    .where(and(eq(reports.postId, values.postId), eq(reports.reporterId, values.reporterId), eq(reports.status, 'OPEN')));
  return { report: open!, created: false };
}

export async function resolveReportRow(db: Db, id: number, resolution: ReportResolutionName, moderatorId: number): Promise<ReportRow> {
  const [row] = await db.update(reports)
    .set({ status: 'RESOLVED', resolution, resolvedBy: moderatorId, resolvedAt: new Date() })
    .where(eq(reports.id, id)).returning();
  return row!;
}

/** `limit` + 1 reports of a status after a position, oldest first (the extra row tells hasNextPage). */
export function findReportPage(db: Db, status: ReportStatusName, limit: number, after: { createdAt: Date; id: number } | null) {
  return db.select().from(reports)
    .where(and(eq(reports.status, status), after === null ? undefined
      : sql`(${reports.createdAt}, ${reports.id}) > (${after.createdAt.toISOString()}::timestamptz, ${after.id}::int)`))
    .orderBy(asc(reports.createdAt), asc(reports.id)).limit(limit + 1);
}

export async function countReports(db: Db, status: ReportStatusName): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(reports).where(eq(reports.status, status));
  return row?.n ?? 0;
}
