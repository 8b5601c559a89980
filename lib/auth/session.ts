import 'server-only';
import { getServerSession } from 'next-auth';
import { forbidden, notFound, redirect } from 'next/navigation';
import { connection } from 'next/server';
import { cache } from 'react';
import { getAuthOptions } from '@/lib/auth/options';
import type { TRole } from '@/lib/auth/schemas';
import { getDb } from '@/lib/db';
import { getMemberProject } from '@/lib/auth/get-member-project';

export type SessionUser = { id: string; email: string; name: string; role: TRole };

/**
 * The signed-in user, read from the database on every request (once per render): a
 * deactivated account or a bumped session version ends the session immediately.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  await connection(); // per-request by nature: never prerendered at build time
  const session = await getServerSession(getAuthOptions());
  const claimed = session?.user;
  if (!claimed?.id) return null;
  const user = await getDb().user.findUnique({
    where: { id: claimed.id },
    select: { id: true, email: true, name: true, role: true, active: true, sessionVersion: true },
  });
  if (!user || !user.active || user.sessionVersion !== claimed.sv) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

/** The signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect('/login');
  return user;
}

/** The signed-in user when their role is one of `roles` (ADMIN always passes); 403 otherwise. */
export async function requireRole(...roles: TRole[]): Promise<SessionUser> {
  const user = await requireUser();
  if (user.role !== 'ADMIN' && !roles.includes(user.role)) forbidden();
  return user;
}

/**
 * The user and project when the user is a member of it (admins see every project) and, if
 * `roles` is given, holds one of them. A project the user may not see is reported as missing.
 */
export async function requireProjectMember(projectId: string, roles?: TRole[]) {
  const user = await requireUser();
  const project = await getMemberProject({ user, projectId });
  if (!project) notFound();
  if (roles && user.role !== 'ADMIN' && !roles.includes(user.role)) forbidden();
  return { user, project };
}

/** Where each role lands after signing in. */
export function homeFor(role: TRole): string {
  switch (role) {
    case 'ADMIN':
      return '/admin/users';
    case 'LEAD':
    case 'RESEARCHER':
      return '/projects';
    case 'LABELER':
      return '/label';
  }
}
