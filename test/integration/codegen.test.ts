// Front ends generate typed clients from the checked-in schema.graphql (`npm run codegen`, README "Typed clients").
// This runs that command into a temporary folder and typechecks a small usage file against the output: the fields
// a thread page reads (node, nodes, post, unreadThreads, posts with last/before, answer, viewerUnreadCount, replyTo,
// replyCount, isAnswer, markAnswer, markThreadRead) come out typed, and the usage file's mistakes are refused.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = (name: string) => join(process.cwd(), 'node_modules', '.bin', name);

describe('codegen from schema.graphql', () => {
  let dir: string | undefined;
  afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it('generates operation types that typecheck against a usage file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'forum-codegen-'));
    const out = join(dir, 'graphql.ts');
    await run(bin('graphql-codegen'), ['--config', 'codegen.ts'], { env: { ...process.env, CODEGEN_OUT: out } });
    const generated = await readFile(out, 'utf8');
    expect(generated).toContain('export type ThreadTailQueryVariables');
    expect(generated).toMatch(/export type RefetchQuery = \{ node:/);

    await copyFile('codegen/usage.ts', join(dir, 'usage.ts'));
    const tsc = await run(bin('tsc'), ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--target', 'es2022', '--skipLibCheck', join(dir, 'usage.ts'), out]).then(() => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }));
    expect(tsc.stdout).toBe('');
    expect(tsc.code).toBe(0);
  }, 120_000);
});
