/**
 * Issue 25: the judge from the CLI: `generate judge --run-here` runs a judge run in the CLI's own
 * process against the local server (fixed judgments), `judge agreement` prints the hand-computed
 * figures (tests/helpers/judge-fixture.ts), as text and as JSON.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServer } from '../helpers/chat-server';
import { testDatabaseUrl } from '../helpers/database-per-file';
import { fixedJudge, makeJudgeProject } from '../helpers/judge-fixture';
import { lastUserContent } from '../helpers/judge-responder';

const ROOT = path.resolve(import.meta.dirname, '../..');
let server: ChatServer;
beforeAll(async () => {
  server = await startChatServer({ respond: (body) => fixedJudge(lastUserContent(body)) });
});
afterAll(() => server.close());

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Not spawnSync: the chat server answers from this process's event loop.
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: testDatabaseUrl, MODEL_ALLOW_PRIVATE_HOSTS: 'true', LOG_LEVEL: 'warn' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('judge CLI', () => {
  it('generate judge --run-here, then judge agreement prints the figures', { timeout: 240_000 }, async () => {
    const s = await makeJudgeProject({ baseUrl: server.url });
    const slug = s.project.slug;
    const made = await cli(['generate', 'judge', '--project', slug, '--connection', 'Judge conn', '--run-here']);
    expect(made.code, made.stderr).toBe(0);
    const [, jobId] = /job ([0-9a-f-]{36}): 8 requests queued/.exec(made.stdout) ?? [];
    expect(jobId, made.stdout).toBeDefined();
    expect(made.stdout).toContain(`${jobId} judge finished 8/8 (done 8, failed 0, retrying 0)`);

    const text = await cli(['judge', 'agreement', '--project', slug]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`AI judge run ${jobId}: Judge conn (judge-model), template v0, 8 labels, 4 items with human labels`);
    expect(text.stdout).toMatch(/judge vs consensus\s+66\.7% .* n=3\s+50\.0% .* n=4/);
    expect(text.stdout).toMatch(/labeler vs labeler\s+75\.0% .* n=4\s+50\.0% .* n=6/);
    expect(text.stdout).toContain('position consistency: 3/4 pairs, 75.0%');

    const json = await cli(['judge', 'agreement', '--project', slug, '--json']);
    const figures = JSON.parse(json.stdout) as { agreement: { judgeVsLabelers: { tiesExcluded: { agree: number; compared: number } } } };
    expect(figures.agreement.judgeVsLabelers.tiesExcluded).toMatchObject({ agree: 5, compared: 8 });

    const unknown = await cli(['generate', 'judge', '--project', slug, '--connection', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--connection: no connection "nope"');
  });
});
