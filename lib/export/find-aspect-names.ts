import { getDb } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';

/** The names of the project's aspects (issue 27), offered by the Export page's "Aspect" option; empty when it defines none. */
export async function findAspectNames(options: { projectId: string }): Promise<string[]> {
  const project = await getDb().project.findUnique({ where: { id: options.projectId }, select: { settings: true } });
  const { aspects } = readProjectSettings(project?.settings);
  return aspects.enabled ? aspects.list.map((a) => a.name) : [];
}
