// Summarises a V8 CPU profile (node --cpu-prof): self time grouped by where the code lives (a package, node's
// core, the forum's own modules by folder, GC), and the hottest functions. Idle time is split out, so shares
// are of the time the process was busy. Start-up and warm-up can be cut off by time.
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

export interface ProfileShare { name: string; ms: number; share: number }
export interface ProfileSummary { label: string; requests: number; busyMs: number; idleMs: number; busyUsPerRequest: number; groups: ProfileShare[]; functions: ProfileShare[] }

function groupOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'V8/native (program)';
    return functionName || 'native';
  }
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) {
    const path = url.slice(5).replace(/^internal\//, '');
    return `node:${path.split('/')[0]!.replace(/\.js$/, '').replace(/^(_http_\w+|http)$/, 'http')}`;
  }
  const dist = /\/dist\/(.+)$/.exec(url);
  if (dist) return `forum: ${dist[1]!.split('/').slice(0, -1).join('/') || dist[1]}`;
  return 'other';
}

/**
 * Counts only samples at least `fromMs` after the profile started (skips start-up and warm-up), and before `toMs`
 * when given.
 */
export function summarizeProfile(file: string, label: string, requests: number, fromMs = 0, toMs = Infinity): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at >= fromMs * 1000 && at < toMs * 1000) self.set(id, (self.get(id) ?? 0) + dt);
  });
  let idle = 0;
  let busy = 0;
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    const group = groupOf(node);
    groups.set(group, (groups.get(group) ?? 0) + us);
    const where = node.callFrame.url.replace(/^.*\/(node_modules|dist)\//, '').replace(/^file:\/\//, '');
    const name = `${node.callFrame.functionName || '(anonymous)'} ${where ? `(${where}:${node.callFrame.lineNumber + 1})` : ''}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const shares = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: us / busy }));
  return {
    label, requests, busyMs: Math.round(busy / 1000), idleMs: Math.round(idle / 1000),
    busyUsPerRequest: requests > 0 ? Math.round((busy / requests) * 10) / 10 : 0,
    groups: shares(groups, 20), functions: shares(functions, 25),
  };
}
