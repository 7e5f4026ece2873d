// The scale table (bench/results/scale.md): each read path at each size measured, uncached and cached, with the
// goals of issue 17 beside it.
import type { ScaleResults, ScaleRow } from '../scenarios/scale.js';

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const rows = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(0)}k` : Math.round(n).toLocaleString('en-US'));
const pct = (n: number | null) => (n === null ? '–' : `${(100 * n).toFixed(1)}%`);

/** Search and counts over filters with many matches may grow with their matches: the goal exempts them. */
export const growsWithMatches = (key: string) => key.startsWith('search') || key === 'list-tag' || key === 'list-author';

/** The growth goal: uncached p95 at most 2x from the smallest to the largest size measured. */
export function growth(byKey: ScaleRow[]): { factor: number; met: boolean | null } | null {
  if (byKey.length < 2) return null;
  const factor = byKey.at(-1)!.uncached.p95Ms / byKey[0]!.uncached.p95Ms;
  return { factor, met: growsWithMatches(byKey[0]!.key) ? null : factor <= 2 };
}

/** The goal at 10^6 threads for a path's uncached p95, in ms: a rare word's search 100, a common word's 300, else 50. */
export const largeGoalMs = (key: string) => (key === 'search-rare' ? 100 : key.startsWith('search') ? 300 : 50);

function largeGoal(byKey: ScaleRow[]): string {
  const large = byKey.find((r) => r.size === 'large');
  if (!large) return '–';
  const goal = largeGoalMs(large.key);
  return `≤ ${goal}: ${large.uncached.p95Ms <= goal && large.uncached.errors === 0 ? 'met' : '**missed**'}`;
}

export function scaleMarkdown(results: ScaleResults, meta: { date: string; command: string; loadAverage: string }): string {
  const sizes = [...new Set(results.rows.map((r) => r.size))];
  const first = (size: string) => results.rows.find((r) => r.size === size)!;
  const keys = [...new Set(results.rows.map((r) => r.key))];
  const header = sizes.map((s) => `${s} (${first(s).threads.toLocaleString('en-US')} threads, ${first(s).posts.toLocaleString('en-US')} posts)`);
  const lines = [
    '# Scale: each read path as the forum grows',
    '',
    `${meta.date}, \`${meta.command}\`; load average ${meta.loadAverage} (2 cores shared with other work: compare`
      + ' sizes within this run, not with other runs). Each path: a Zipf sample of'
      + ` ${results.samples} keys, answered once as a warm-up and then measured, one request at a time. Uncached: a`
      + ' CACHE=off server (every request reaches PostgreSQL). Cached: the forum on Redis after the same warm-up.',
    '',
    `Sizes: ${header.join('; ')}.`,
    '',
    `| read path | ${sizes.map((s) => `${s} uncached p50 / p95 ms`).join(' | ')} | p95 growth | 10^6 goal (ms) | ${sizes.map((s) => `${s} cached p95 ms`).join(' | ')} | SQL statements | rows read per request | buffer hit ratio (uncached) |`,
    `|---|${sizes.map(() => '---:').join('|')}|---|---|${sizes.map(() => '---:').join('|')}|---|---|---|`,
  ];
  for (const key of keys) {
    const byKey = sizes.map((s) => results.rows.find((r) => r.size === s && r.key === key)!).filter(Boolean);
    const g = growth(byKey);
    const growthText = g === null ? '–' : `${g.factor.toFixed(2)}x ${g.met === null ? '(grows with matches: reported)' : g.met ? 'met' : '**missed**'}`;
    const errors = byKey.reduce((n, r) => n + r.uncached.errors + r.cached.errors, 0);
    // A path's label names its words, which each size picks from its own data.
    const label = [...new Set(byKey.map((r) => r.label))].join(' / ');
    lines.push(`| ${label}${errors > 0 ? ` (**${errors} errors**)` : ''} | `
      + `${byKey.map((r) => `${ms(r.uncached.p50Ms)} / ${ms(r.uncached.p95Ms)}`).join(' | ')} | ${growthText} | ${largeGoal(byKey)} | `
      + `${byKey.map((r) => ms(r.cached.p95Ms)).join(' | ')} | `
      + `${byKey.map((r) => `${r.uncached.statements.toFixed(1)}`).join(' → ')} | `
      + `${byKey.map((r) => rows(r.uncached.rowsRead)).join(' → ')} | ${byKey.map((r) => pct(r.uncached.hitRatio)).join(' → ')} |`);
  }
  lines.push('', 'Goals (issue 17): from 10^4 to 10^6 threads no uncached p95 grows more than 2x, except search and counts over'
    + ' filters with many matches; at 10^6 every other uncached p95 ≤ 50 ms, search ≤ 100 ms for a rare word and ≤ 300 ms'
    + ' for a common one. The growth column compares the smallest and largest size of this run.', '');
  return `${lines.join('\n')}\n`;
}
