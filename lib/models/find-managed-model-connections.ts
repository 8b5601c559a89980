import { getDb } from '@/lib/db';
import { authorizeConnectionScope, type ConnectionActor } from '@/lib/models/authorize-connection-scope';
import { SUMMARY_SELECT, toSummary } from '@/lib/models/connection-row';
import type { ModelConnectionSummary } from '@/lib/models/get-chat-target';

/** A row of the connections screens: the summary (the key's hint, never the key) and what the viewer may do. */
export type ManagedModelConnection = ModelConnectionSummary & {
  shared: boolean;
  /** The viewer may edit and archive it (a shared one: admins only). */
  editable: boolean;
  hasApiKey: boolean;
  updatedAt: Date;
};

/**
 * The live connections of a screen: a project's own and the shared ones (`projectId`: its leads and
 * admins), or the shared list (null: admins). Own connections first, each group by name.
 */
export async function findManagedModelConnections(options: {
  actor: ConnectionActor;
  projectId: string | null;
}): Promise<ManagedModelConnection[]> {
  const { actor, projectId } = options;
  await authorizeConnectionScope({ actor, projectId });
  const rows = await getDb().modelConnection.findMany({
    where: { archivedAt: null, OR: projectId === null ? [{ projectId: null }] : [{ projectId }, { projectId: null }] },
    select: { ...SUMMARY_SELECT, updatedAt: true, apiKeyEncrypted: true },
  });
  return rows
    .map(({ apiKeyEncrypted, updatedAt, ...row }) => ({
      ...toSummary(row),
      shared: row.projectId === null,
      editable: row.projectId !== null || actor.role === 'ADMIN',
      hasApiKey: apiKeyEncrypted !== null,
      updatedAt,
    }))
    .sort(
      (a, b) =>
        Number(a.shared) - Number(b.shared) || a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id),
    );
}
