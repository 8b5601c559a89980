import { getDb, getPgPool } from '@/lib/db';
import { addMember } from '@/lib/projects/add-member';
import { createProject } from '@/lib/projects/create-project';
import { uniqueName } from './names';
import type { Queryable } from './types';

export type BuiltProject = { id: string; slug: string; name: string; overlap: number };

/**
 * One project through the app's createProject (its creator, when given, becomes a member; audit
 * row). `members` are added by email through addMember (audited, as a lead does); `memberIds` in
 * one INSERT (for many generated labelers). `settings` is stored as given (goldRate, taskMix…).
 */
export async function buildProject(
  options: {
    name?: string;
    slug?: string;
    guidelines?: string;
    overlap?: number;
    minResponses?: number;
    maxResponses?: number;
    settings?: Record<string, unknown>;
    actorId?: string | null;
    members?: (string | { email: string })[];
    memberIds?: string[];
  } = {},
): Promise<BuiltProject> {
  const slug = options.slug ?? uniqueName('proj');
  const actorId = options.actorId ?? null;
  const project = await createProject({
    actorId,
    input: {
      name: options.name ?? `Project ${slug}`,
      slug,
      guidelines: options.guidelines ?? '',
      overlap: options.overlap ?? 3,
      minResponses: options.minResponses ?? 2,
      maxResponses: options.maxResponses ?? 9,
    },
  });
  if (options.settings)
    await getDb().project.update({ where: { id: project.id }, data: { settings: options.settings as object }, select: { id: true } });
  for (const member of options.members ?? [])
    await addMember({ actorId, input: { projectId: project.id, email: typeof member === 'string' ? member : member.email } });
  if (options.memberIds?.length) await insertMemberships({ projectId: project.id, userIds: options.memberIds });
  return project;
}

/** Memberships for many users in one INSERT (no audit rows). */
export async function insertMemberships(options: { projectId: string; userIds: string[]; pool?: Queryable }): Promise<void> {
  await (options.pool ?? getPgPool()).query(`INSERT INTO memberships ("projectId", "userId") SELECT $1, u FROM unnest($2::uuid[]) u`, [
    options.projectId,
    options.userIds,
  ]);
}

/**
 * A project row in one INSERT through a plain pool (benchmarks and the reliability suite, which
 * run against a scratch database of their own, without the app's configuration).
 */
export async function insertProject(options: {
  pool: Queryable;
  name?: string;
  slug?: string;
  overlap?: number;
  settings?: Record<string, unknown>;
}): Promise<string> {
  const slug = options.slug ?? uniqueName(options.name ?? 'proj');
  const { rows } = await options.pool.query<{ id: string }>(
    `INSERT INTO projects (slug, name, overlap, settings, "updatedAt") VALUES ($1, $2, $3, $4::jsonb, now()) RETURNING id`,
    [slug, options.name ?? slug, options.overlap ?? 3, JSON.stringify(options.settings ?? {})],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('insertProject: no row returned');
  return id;
}
