// The moderators' queue for one request: read from the database on every request, never from the cache (a report
// must never be served where another role reads), oldest first.
import type { ResponseDeps } from '../cache/response-deps.js';
import type { Db } from '../db/client.js';
import type { ReportRow } from '../db/schema.js';
import { countReports, findReportPage, type ReportStatusName } from '../data/reports.data.js';
import type { ReportView } from '../model/views.js';
import * as validate from '../validation.js';
import { decodeCursor, encodeCursor } from './cursors.js';

export interface ReportPage {
  nodes: ReportView[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

export const reportView = (row: ReportRow): ReportView => ({
  id: String(row.id), postId: String(row.postId), reporterId: String(row.reporterId), reason: row.reason, note: row.note,
  createdAt: row.createdAt.toISOString(), status: row.status, resolution: row.resolution,
  resolvedById: row.resolvedBy === null ? null : String(row.resolvedBy), resolvedAt: row.resolvedAt?.toISOString() ?? null,
});

const isPosition = (p: unknown) => Array.isArray(p) && p.length === 2 && validate.isCursorTime(p[0]) && Number.isSafeInteger(p[1]);

/** A page of the queue; the caller has checked that the viewer is a moderator. */
export async function readReports(
  db: Db, deps: ResponseDeps | null, status: ReportStatusName, first: number, after: string | null,
): Promise<ReportPage> {
  validate.first(first);
  deps?.markUncacheable();
  const bound = `reports:${status}`;
  const position = after === null ? null : decodeCursor(after, bound, isPosition);
  const [rows, totalCount] = await Promise.all([
    findReportPage(db, status, first, position && { createdAt: new Date(position[0] as string), id: position[1] as number }),
    countReports(db, status),
  ]);
  const shown = rows.slice(0, first);
  return {
    nodes: shown.map(reportView),
    cursors: shown.map((r) => encodeCursor(bound, [r.createdAt.toISOString(), r.id])),
    hasNextPage: rows.length > first,
    hasPreviousPage: position !== null,
    totalCount,
  };
}
