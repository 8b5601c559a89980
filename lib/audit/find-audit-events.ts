import { getPgPool } from '@/lib/db';
import type { TAuditFilters } from '@/lib/audit/schemas';

/** A role as users.role stores it (lib/auth sits on a floor above lib/audit). */
export type TRole = 'ADMIN' | 'LEAD' | 'RESEARCHER' | 'LABELER';

export type AuditRow = {
  id: string;
  createdAt: Date;
  action: string;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  projectId: string | null;
  projectName: string | null;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
};

/**
 * The audit rows `viewer` may read, newest first, filtered, `limit` at a time from the keyset
 * cursor `before` (an id: rows are numbered in insertion order, so paging stays cheap and stable
 * however large the table). Admins read everything; a lead only the rows of projects they are a
 * member of (rows without a project — accounts, roles — are admins' only). `next` is the cursor of
 * the following page, null on the last one.
 */
export async function findAuditEvents(options: {
  viewer: { id: string; role: TRole };
  filters: TAuditFilters;
  limit?: number;
}): Promise<{ rows: AuditRow[]; next: string | null }> {
  const { viewer, filters } = options;
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (viewer.role !== 'ADMIN') {
    if (viewer.role !== 'LEAD') return { rows: [], next: null };
    add((p) => `e."projectId" IN (SELECT m."projectId" FROM memberships m WHERE m."userId" = ${p}::uuid)`, viewer.id);
  }
  if (filters.actor) add((p) => `e."actorId" IN (SELECT u.id FROM users u WHERE u.email = lower(${p}))`, filters.actor);
  // A prefix: "project.member" matches project.member.add and project.member.pause; LIKE's own wildcards are escaped.
  if (filters.action)
    add((p) => `(e.action = ${p} OR e.action LIKE replace(replace(${p}, '_', '\\_'), '%', '\\%') || '.%')`, filters.action);
  if (filters.project) add((p) => `e."projectId" = ${p}::uuid`, filters.project);
  if (filters.from) add((p) => `e."createdAt" >= ${p}::date`, filters.from);
  if (filters.to) add((p) => `e."createdAt" < ${p}::date + 1`, filters.to);
  if (filters.targetType) add((p) => `e."targetType" = ${p}`, filters.targetType);
  if (filters.targetId) add((p) => `e."targetId" = ${p}`, filters.targetId);
  if (filters.before) add((p) => `e.id < ${p}::bigint`, filters.before);
  params.push(limit + 1);
  const { rows } = await getPgPool().query<AuditRow>(
    `SELECT e.id::text AS id, e."createdAt", e.action, e."actorId", u.name AS "actorName", u.email AS "actorEmail",
            e."projectId", p.name AS "projectName", e."targetType", e."targetId", e.data
       FROM audit_events e LEFT JOIN users u ON u.id = e."actorId" LEFT JOIN projects p ON p.id = e."projectId"
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY e.id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  return { rows: page, next: rows.length > limit ? page[page.length - 1]!.id : null };
}
