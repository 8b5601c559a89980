import { getDb } from '@/lib/db';
import { readProjectSettings, type TProjectSettings } from '@/lib/projects/settings';

/** The licence and languages the project's dataset cards declare (the Export page's "Dataset card"). */
export async function getDatasetCardSettings(options: { projectId: string }): Promise<TProjectSettings['datasetCard']> {
  const project = await getDb().project.findUnique({ where: { id: options.projectId }, select: { settings: true } });
  return readProjectSettings(project?.settings).datasetCard;
}
