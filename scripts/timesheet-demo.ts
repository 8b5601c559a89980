/**
 * The closing-note timesheet of issue 30: the demo project's timesheet after its two demo labelers
 * ranked every prompt, in a throwaway embedded PostgreSQL.
 *
 *   npx tsx scripts/timesheet-demo.ts [--week]
 *
 * The demo has prompts but no labels, so the labeling is simulated with fixed times (the same on
 * every run): Lou ranks the 12 prompts on Tuesday 1 December 2026 from 09:00 Berlin time, 50–140 s
 * each with short pauses, leaves one task open for 35 minutes, takes a two-hour break, and finishes
 * after midnight UTC-wise late at night; Kit ranks them on Wednesday, one in 4 seconds. Rates:
 * 18 EUR an hour plus 0.10 a ranking. Then it prints what `npm run cli -- timesheet --project demo`
 * prints. Nothing calls a host outside this machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findFreePort, startEmbeddedPostgres } from './lib/embedded-postgres';
import { deployMigrations } from './lib/migrations';

const { values } = parseArgs({ options: { week: { type: 'boolean' } } });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-timesheet-demo-'));
fs.chmodSync(tmp, 0o755);
const server = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'data'), port: await findFreePort() });
try {
  const databaseUrl = server.urlFor('postgres');
  await deployMigrations({ databaseUrl });
  process.env.DATABASE_URL = databaseUrl;
  process.env.NEXTAUTH_SECRET ??= 'timesheet-demo-secret-timesheet-demo-0123';
  process.env.LOG_LEVEL = 'warn';
  const { getDb, getPgPool } = await import('../lib/db');
  const { seedDemo } = await import('../prisma/seed');
  const { insertJudgments } = await import('../lib/builders');
  const { updatePaySettings } = await import('../lib/worklog/update-pay-settings');
  const { timesheetCommand } = await import('./cli-timesheet');
  await seedDemo(getDb());
  const pool = getPgPool();
  const project = (await pool.query<{ id: string }>(`SELECT id FROM projects WHERE slug = 'demo-helpfulness'`)).rows[0]!;
  const users = (await pool.query<{ id: string; email: string }>(`SELECT id, email FROM users WHERE email LIKE 'l%@preflab.test'`)).rows;
  const userId = (email: string) => users.find((u) => u.email === email)!.id;
  const items = (
    await pool.query<{ id: string; responses: string[] }>(
      `SELECT i.id, array_agg(r.id::text ORDER BY r."externalId") AS responses FROM items i JOIN responses r ON r."itemId" = i.id
        WHERE i."projectId" = $1 AND NOT EXISTS (SELECT 1 FROM step_judgments s WHERE s."itemId" = i.id) GROUP BY i.id ORDER BY min(i."externalId") LIMIT 12`,
      [project.id],
    )
  ).rows;
  // Seconds recorded per task and the pause before the next one, fixed so every run prints the same.
  const lou = [80, 95, 60, 120, 2100, 75, 140, 50, 90, 65, 110, 85];
  const kit = [70, 55, 4, 100, 90, 60, 85, 130, 75, 95, 70, 65];
  const tasks = (email: string, start: string, seconds: number[], breakAfter: number) => {
    let t = new Date(start).getTime();
    return items.slice(0, seconds.length).map((item, i) => {
      t += seconds[i]! * 1000 + 15_000 + (i === breakAfter ? 2 * 3_600_000 : 0);
      return {
        itemId: item.id,
        userId: userId(email),
        shownOrder: item.responses,
        ranking: [item.responses],
        durationMs: seconds[i]! * 1000,
        createdAt: new Date(t),
      };
    });
  };
  await insertJudgments({
    projectId: project.id,
    judgments: [
      ...tasks('labeler1@preflab.test', '2026-12-01T08:00:00Z', lou, 5),
      ...tasks('labeler2@preflab.test', '2026-12-02T21:30:00Z', kit, 7),
    ],
  });
  const lead = (await pool.query<{ id: string }>(`SELECT id FROM users WHERE email = 'lead@preflab.test'`)).rows[0]!.id;
  await updatePaySettings({
    actorId: lead,
    projectId: project.id,
    input: { currency: 'EUR', perHour: 18, rank: 0.1, demonstrate: null, perturb: null, detect: null, steps: null, chat: null },
  });
  await timesheetCommand.run({ project: 'demo', from: '2026-11-30', to: '2026-12-03', tz: 'Europe/Berlin', week: values.week ?? false });
  await pool.end();
} finally {
  await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
