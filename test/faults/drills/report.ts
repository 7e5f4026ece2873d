/** What a drill hands to the runner: whether it held, what it measured, and what went wrong. */
export interface DrillReport {
  name: string;
  ok: boolean;
  lines: string[];
  problems: string[];
}

export function printReport(report: DrillReport) {
  console.log(`\n== ${report.name}: ${report.ok ? 'held' : 'FAILED'}`);
  for (const line of report.lines) console.log(`   ${line}`);
  for (const problem of report.problems) console.log(`   PROBLEM: ${problem}`);
}
