import { getDb } from '@/lib/db';
import { readProjectSettings, type TProjectSettings } from '@/lib/projects/settings';

/** The project's settings with defaults filled in (the defaults when there is no such project). */
export async function getProjectSettings(options: { projectId: string }): Promise<TProjectSettings> {
  const project = await getDb().project.findUnique({ where: { id: options.projectId }, select: { settings: true } });
  return readProjectSettings(project?.settings);
}
