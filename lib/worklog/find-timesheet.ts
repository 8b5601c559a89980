import { getPgPool } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';
import { findWorkEntries } from '@/lib/worklog/find-work-entries';
import { addDays, localDateIn } from '@/lib/worklog/local-period';
import { measureEntries, slowThreshold, type MeasuredEntry } from '@/lib/worklog/measure-entries';
import { SLOW_MIN_TASKS } from '@/lib/worklog/rules';
import type { TTimesheetQuery } from '@/lib/worklog/schemas';
import { summarizeTimesheet, type TimesheetRow } from '@/lib/worklog/summarize-timesheet';

export type NamedTimesheetRow = TimesheetRow & { labelerName: string; labelerEmail: string; projectName: string };
export type FlaggedTask = MeasuredEntry & { labelerName: string; projectName: string; localDate: string };

/**
 * The timesheet of `projectIds` (null: every project, for admins) or of one labeler (`userId`,
 * My work) over the local dates [from, to] in `timeZone`: rows by day or week, labeler, project and
 * kind (lib/worklog/measure-entries.ts says what counts), and the flagged tasks themselves.
 */
export async function findTimesheet(options: TTimesheetQuery & { projectIds: string[] | null; userId?: string }) {
  const { projectIds, timeZone } = options;
  // Local dates span at most ±14 hours around UTC; a day more each side also loads each labeler's previous task.
  const start = new Date(`${addDays(options.from, -2)}T00:00:00Z`);
  const end = new Date(`${addDays(options.to, 2)}T00:00:00Z`);
  const { entries, percentiles } = await findWorkEntries({ start, end, projectIds, ...(options.userId ? { userId: options.userId } : {}) });
  const slowAbove = new Map(
    percentiles.filter((p) => p.tasks >= SLOW_MIN_TASKS).map((p) => [`${p.projectId}:${p.kind}`, slowThreshold(p.p95)]),
  );
  const measured = measureEntries(entries, slowAbove);
  const inScope = (projectId: string) => projectIds === null || projectIds.includes(projectId);
  const shownProjects = [...new Set(measured.filter((e) => inScope(e.projectId)).map((e) => e.projectId))];
  const shownUsers = [...new Set(measured.filter((e) => inScope(e.projectId)).map((e) => e.userId))];
  const [projects, users] = await Promise.all([
    getPgPool().query<{ id: string; name: string; settings: unknown }>(
      `SELECT id, name, settings FROM projects WHERE id = ANY ($1::uuid[])`,
      [shownProjects],
    ),
    getPgPool().query<{ id: string; name: string; email: string }>(`SELECT id, name, email FROM users WHERE id = ANY ($1::uuid[])`, [
      shownUsers,
    ]),
  ]);
  const projectById = new Map(projects.rows.map((p) => [p.id, { name: p.name, pay: readProjectSettings(p.settings).pay }]));
  const userById = new Map(users.rows.map((u) => [u.id, u]));
  const rows = summarizeTimesheet({
    entries: measured,
    timeZone,
    from: options.from,
    to: options.to,
    period: options.period,
    include: inScope,
    payOf: (id) => projectById.get(id)?.pay,
  });
  const named = (userId: string, projectId: string) => ({
    labelerName: userById.get(userId)?.name ?? '',
    labelerEmail: userById.get(userId)?.email ?? '',
    projectName: projectById.get(projectId)?.name ?? '',
  });
  const localDate = localDateIn(timeZone);
  const flagged: FlaggedTask[] = measured
    .filter((e) => (e.fast || e.slow) && inScope(e.projectId))
    .map((e) => ({ ...e, ...named(e.userId, e.projectId), localDate: localDate(e.endedAt) }))
    .filter((e) => e.localDate >= options.from && e.localDate <= options.to);
  return { rows: rows.map((r): NamedTimesheetRow => ({ ...r, ...named(r.userId, r.projectId) })), flagged };
}
