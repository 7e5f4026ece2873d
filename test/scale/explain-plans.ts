// EXPLAIN of one statement as the server sent it: its plan with those parameters, and the tables it reads with a
// sequential scan (of the ones that grow with the forum).
import type postgres from 'postgres';

export interface Statement { sql: string; params: unknown[][] }

export const GROWING_TABLES = ['threads', 'posts', 'reactions'];

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] }

function seqScans(node: PlanNode, found: string[] = []): string[] {
  if (node['Node Type'] === 'Seq Scan' && GROWING_TABLES.includes(node['Relation Name'] ?? '')) found.push(node['Relation Name']!);
  for (const child of node.Plans ?? []) seqScans(child, found);
  return found;
}

/** Parameters as postgres.js takes them (drizzle hands over Dates and arrays as it would to the driver). */
const asParam = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

export async function explainStatement(sql: postgres.Sql, text: string, params: unknown[]): Promise<{ seqScans: string[]; plan: string }> {
  const values = params.map(asParam) as postgres.ParameterOrJSON<never>[];
  const [row] = await sql.unsafe(`explain (format json) ${text}`, values);
  const root = (row as unknown as { 'QUERY PLAN': { Plan: PlanNode }[] })['QUERY PLAN'][0]!.Plan;
  const scans = seqScans(root);
  if (scans.length === 0) return { seqScans: [], plan: '' };
  const lines = await sql.unsafe(`explain ${text}`, values);
  return { seqScans: scans, plan: lines.map((l) => (l as unknown as { 'QUERY PLAN': string })['QUERY PLAN']).join('\n') };
}
