import 'server-only';
import { sql } from 'kysely';
import { getSql } from '@/lib/db';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the locale of a signed-in user's request is negotiated from (issue 31): the locale their profile
 * names and the default locale of the project they are working in. That project is the one the URL
 * names (/label/<id>, /projects/<id>/…) when they may see it, else the one they joined most recently
 * (a labeler's "current project" on screens that name none, such as My work).
 */
export async function loadLocaleInputs(options: {
  userId: string;
  isAdmin: boolean;
  routeProjectId: string | null;
}): Promise<{ profile: string | null; projectDefault: string | null }> {
  const { userId, isAdmin } = options;
  const routeProjectId = options.routeProjectId && UUID.test(options.routeProjectId) ? options.routeProjectId : null;
  const db = getSql();
  const user = await db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst();
  let projectDefault: string | null = null;
  if (routeProjectId) {
    const row = await db
      .selectFrom('projects')
      .select(sql<string | null>`settings->>'defaultLocale'`.as('defaultLocale'))
      .where('id', '=', routeProjectId)
      .$if(!isAdmin, (q) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('memberships')
              .select('userId')
              .whereRef('memberships.projectId', '=', 'projects.id')
              .where('memberships.userId', '=', userId),
          ),
        ),
      )
      .executeTakeFirst();
    projectDefault = row?.defaultLocale ?? null;
  }
  if (!projectDefault) {
    const row = await db
      .selectFrom('memberships')
      .innerJoin('projects', 'projects.id', 'memberships.projectId')
      .select(sql<string | null>`projects.settings->>'defaultLocale'`.as('defaultLocale'))
      .where('memberships.userId', '=', userId)
      .orderBy('memberships.createdAt', 'desc')
      .limit(1)
      .executeTakeFirst();
    projectDefault = row?.defaultLocale ?? null;
  }
  return { profile: user?.locale ?? null, projectDefault };
}

/** The project id a path names, if any: /label/<id>… or /projects/<id>…. */
export function projectIdOfPath(pathname: string | null | undefined): string | null {
  const match = /^\/(?:label|projects)\/([^/?#]+)/.exec(pathname ?? '');
  return match?.[1] ?? null;
}
