import { getPgPool } from '@/lib/db';
import type { WorkEntry } from '@/lib/worklog/measure-entries';
import type { WorkKind } from '@/lib/worklog/rules';

/** Words of a text column: runs of non-space (0 for empty or null). */
const words = (text: string) => `coalesce(cardinality(regexp_split_to_array(nullif(btrim(${text}), ''), '\\s+')), 0)`;
const promptWords = (item: string) => `(SELECT coalesce(sum(${words("m->>'content'")}), 0) FROM jsonb_array_elements(${item}.messages) m)`;

/**
 * Every labeled task submitted in [$1, $2) by kind, one row each, with its end, the recorded
 * active time and (for reading tasks, when `words`: rank and steps) the words it showed. Imported
 * labels are not work done in the app and are left out. Chat: one task per finished conversation,
 * its time the sum of its votes' times. `where(user, project)` narrows every branch (so a lead's
 * page never reads the whole installation's tasks).
 */
function entriesSql(where: (user: string, project: string) => string, withWords: boolean): string {
  const w = (sql: string) => (withWords ? sql : 'NULL::int');
  return `
  SELECT j.id::text AS "taskId", j."userId", a."projectId", 'RANK' AS kind, j."createdAt" AS "endedAt", j."durationMs" AS "recordedMs",
         ${w(`${promptWords('i')} + (SELECT coalesce(sum(${words('r.text')}), 0) FROM responses r WHERE r.id::text = ANY (a."shownOrder"))`)} AS words
    FROM judgments j JOIN assignments a ON a.id = j."assignmentId" JOIN items i ON i.id = j."itemId"
   WHERE j."createdAt" >= $1 AND j."createdAt" < $2 AND ${where('j."userId"', 'a."projectId"')}
  UNION ALL
  SELECT d.id::text, d."userId", d."projectId", 'DEMONSTRATE', d."createdAt", d."durationMs", NULL
    FROM demonstrations d WHERE d."createdAt" >= $1 AND d."createdAt" < $2 AND ${where('d."userId"', 'd."projectId"')}
  UNION ALL
  SELECT p.id::text, p."authorId", p."projectId", 'PERTURB', p."createdAt", p."durationMs", NULL
    FROM perturbations p
   WHERE p."assignmentId" IS NOT NULL AND p."authorId" IS NOT NULL AND p."createdAt" >= $1 AND p."createdAt" < $2 AND ${where('p."authorId"', 'p."projectId"')}
  UNION ALL
  SELECT t.id::text, t."userId", t."projectId", 'DETECT', t."submittedAt", coalesce(t."durationMs", 0), NULL
    FROM detect_trials t WHERE t."submittedAt" >= $1 AND t."submittedAt" < $2 AND ${where('t."userId"', 't."projectId"')}
  UNION ALL
  SELECT s.id::text, s."userId", s."projectId", 'STEPS', s."createdAt", s."durationMs",
         ${w(`${promptWords('i')} + (SELECT ${words('r.text')} FROM responses r WHERE r.id = s."responseId")`)}
    FROM step_judgments s JOIN items i ON i.id = s."itemId"
   WHERE s."assignmentId" IS NOT NULL AND s."createdAt" >= $1 AND s."createdAt" < $2 AND ${where('s."userId"', 's."projectId"')}
  UNION ALL
  SELECT c.id::text, c."userId", c."projectId", 'CHAT', c."finishedAt",
         (SELECT coalesce(sum(v."durationMs"), 0) FROM chat_votes v WHERE v."conversationId" = c.id)::int, NULL
    FROM chat_conversations c WHERE c."finishedAt" >= $1 AND c."finishedAt" < $2 AND ${where('c."userId"', 'c."projectId"')}`;
}

type Row = {
  taskId: string;
  userId: string;
  projectId: string;
  kind: WorkKind;
  endedAt: Date;
  recordedMs: number;
  words: string | number | null;
};

/**
 * The labeled tasks submitted in [start, end) by the labelers who did any in `projectIds` (null:
 * every project; `userId`: only that labeler), with all of those labelers' tasks in other projects
 * too (each task's counted time depends on the labeler's previous task, wherever it was), and per
 * project and kind the 95th percentile of recorded time with its task count (for the slow flag).
 */
export async function findWorkEntries(options: { start: Date; end: Date; projectIds: string[] | null; userId?: string }) {
  const { start, end, projectIds } = options;
  const pool = getPgPool();
  const inProjects = (_user: string, project: string) => `($3::uuid[] IS NULL OR ${project} = ANY ($3))`;
  // The labelers to show: the one asked for, or everyone who did a task in the projects shown.
  const userIds = options.userId
    ? [options.userId]
    : (
        await pool.query<{ userId: string }>(`SELECT DISTINCT "userId" FROM (${entriesSql(inProjects, false)}) e`, [start, end, projectIds])
      ).rows.map((r) => r.userId);
  if (userIds.length === 0) return { entries: [], percentiles: [] };
  // Percentiles of the projects the shown tasks are in (a labeler's own page: the projects they worked in).
  const [entries, percentiles] = await Promise.all([
    pool.query<Row>(
      entriesSql((user) => `${user} = ANY ($3::uuid[])`, true),
      [start, end, userIds],
    ),
    pool.query<{ projectId: string; kind: WorkKind; p95: number; tasks: number }>(
      `SELECT "projectId", kind, percentile_cont(0.95) WITHIN GROUP (ORDER BY "recordedMs")::float8 AS p95, count(*)::int AS tasks
         FROM (${entriesSql(
           (_user, project) =>
             options.userId
               ? `${project} IN (SELECT m."projectId" FROM memberships m WHERE m."userId" = $3::uuid)`
               : `($3::uuid[] IS NULL OR ${project} = ANY ($3))`,
           false,
         )}) e GROUP BY "projectId", kind`,
      [start, end, options.userId ?? projectIds],
    ),
  ]);
  const list: WorkEntry[] = entries.rows.map((r) => ({
    ...r,
    recordedMs: Number(r.recordedMs),
    words: r.words === null ? null : Number(r.words),
  }));
  return { entries: list, percentiles: percentiles.rows };
}
