import 'server-only';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { readProjectSettings } from '@/lib/projects/settings';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';
import type { Taxonomy } from '@/lib/taxonomy/schemas';

/**
 * The version of a project's taxonomy that assignments claimed now record, with its flags.
 * Versions are immutable, so reading the pointer and then the version needs no transaction.
 */
export async function getCurrentTaxonomy(options: { projectId: string }): Promise<Taxonomy> {
  const { projectId } = options;
  const project = await getDb().project.findUnique({ where: { id: projectId }, select: { settings: true } });
  if (!project) throw new AppError('NOT_FOUND', 'No such project');
  return getTaxonomy({ projectId, version: readProjectSettings(project.settings).taxonomyVersion });
}
