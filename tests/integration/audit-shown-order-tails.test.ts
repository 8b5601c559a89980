/**
 * The one-off audit of issue 17 (`npm run cli -- audit shown-order-tails`) as a real child
 * process: it lists judgments whose unrated tail is in the order shown (the signature of the
 * ranking screen that filled unplaced responses in shown order), and nothing else; the demo seed
 * has no such judgment.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDb, getPgPool } from '@/lib/db';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';
import { createProject } from '@/lib/projects/create-project';
import { seedDemo } from '../../prisma/seed';
import { DEMO_PROJECT } from '../../prisma/seed-data';
import { testDatabaseUrl } from '../helpers/database-per-file';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function cli(...args: string[]) {
  const result = spawnSync(TSX, ['scripts/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: testDatabaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each test runs the CLI as child processes (tsx transpiles its import graph on start: seconds on a
// busy 2-core machine), so the file gets more than the suite's 30 s per test.
describe('audit shown-order-tails', { timeout: 120_000 }, () => {
  it('flags the bug signature and not a "rest tie below" or a fully placed ranking; the demo has none', async () => {
    expect(await seedDemo(getDb())).toBe(true);
    const demo = cli('audit', 'shown-order-tails', '--project', DEMO_PROJECT.slug);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toBe('');
    expect(demo.stderr).toContain(`0 of 0 labeled rankings flagged in ${DEMO_PROJECT.slug}.`);

    const slug = `audit-${randomUUID().slice(0, 8)}`;
    const project = await createProject({
      actorId: null,
      input: { name: 'Audit', slug, guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 },
    });
    const pool = getPgPool();
    const { rows: users } = await pool.query<{ id: string }>(
      `INSERT INTO users (email, name, role, "updatedAt") SELECT 'audit' || g || '-' || $1 || '@t.test', 'A' || g, 'LABELER', now() FROM generate_series(1, 3) g RETURNING id`,
      [randomUUID()],
    );
    const { rows: items } = await pool.query<{ id: string }>(
      `INSERT INTO items ("projectId", "externalId", messages) VALUES ($1, 'q1', '[{"role":"user","content":"Q?"}]') RETURNING id`,
      [project.id],
    );
    await pool.query(`INSERT INTO responses ("itemId", text) SELECT $1, t FROM unnest(ARRAY['one','two','three','four','five']) t`, [
      items[0]?.id,
    ]);
    const submitted: string[] = [];
    for (const [n, userId] of users.map((u) => u.id).entries()) {
      const task = await claimNextTask({ projectId: project.id, userId });
      if (!task) throw new Error('no task');
      const [a, b, c, d, e] = task.shownOrder as [string, string, string, string, string];
      const ratings = [a, b, c].map((responseId, i) => ({ responseId, likert: 3 + i, flags: [], flaws: [] }));
      // 0: the old screen (C > B > A, then D and E filled in as shown); 1: "the rest tie below"; 2: every response placed.
      const ranking =
        [
          [[c], [b], [a], [d], [e]],
          [[c], [b], [a], [d, e]],
          [[c], [b], [a], [e], [d]],
        ][n] ?? [];
      const { judgmentId } = await submitRanking({
        userId,
        projectId: project.id,
        input: {
          assignmentId: task.assignmentId,
          ranking,
          restGroupedBelow: n === 1,
          allUnacceptable: false,
          ratings,
          promptFlags: [],
          durationMs: 1000,
        },
      });
      submitted.push(judgmentId);
    }
    const audit = cli('audit', 'shown-order-tails', '--project', slug);
    expect(audit.code).toBe(0);
    const lines = audit.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${submitted[0]} ${slug} item=q1 labeler=audit1-`));
    expect(lines[0]).toContain('C > B > A > D > E (tail D, E: unrated, in shown order; 3/5 rated)');
    expect(audit.stderr).toContain(`1 of 3 labeled rankings flagged in ${slug}.`);

    const json = cli('audit', 'shown-order-tails', '--json');
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { judgmentId: string; tail: string[] }),
    ).toEqual([expect.objectContaining({ judgmentId: submitted[0], tail: ['D', 'E'] })]);
    expect(json.stderr).toContain('1 of 3 labeled rankings flagged.');
  });
});
