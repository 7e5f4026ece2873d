// A forum server in a process of its own (node src/main.ts), for tests about processes: locks, signals, browsers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.js';

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  origin: string;
  /** Everything the process wrote so far, stdout and stderr. */
  output(): string;
  exited: Promise<number | null>;
  /** POST /graphql; resolves with the parsed body. */
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<any>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const runner = ['--import', '@swc-node/register/esm-register'];
// Tests post far faster than the posting limits allow: a test that needs them sets them.
const baseEnv = () => ({ PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', POST_RATE_MAX: '0', REPORT_RATE_MAX: '0' });

/** Starts a server and waits until /healthz answers (or the process exits, or 60 s pass). */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...runner, 'src/main.ts'], {
    env: { ...baseEnv(), PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { exitCode = code; resolve(code); }));
  const origin = `http://127.0.0.1:${port}`;
  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the server exited with ${exitCode} before it answered:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /healthz within 60 s:\n${output}`);
    }
    const ok = await fetch(`${origin}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child, port, origin, exited, gql, output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (exitCode === undefined) child.kill(signal);
      return exited;
    },
  };
}

/** Runs one of the package's commands (a .ts entry point) to completion: its exit code and output lines. */
export function runCommand(entry: string, args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [...runner, entry, ...args], {
    env: { ...baseEnv(), ...env }, encoding: 'utf8', timeout: 60_000,
  });
  const text = `${result.stdout}${result.stderr}`.trim();
  return { status: result.status, lines: text === '' ? [] : text.split('\n') };
}
