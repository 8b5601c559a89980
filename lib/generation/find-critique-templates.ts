import { getPgPool } from '@/lib/db';
import type { CritiqueTemplate } from '@/lib/generation/get-critique-template';
import { DEFAULT_CRITIQUE_TEMPLATE } from '@/lib/generation/schemas';

/** Every version of the template, newest first (the default, version 0, last). */
export async function findCritiqueTemplates(options: { projectId: string }): Promise<CritiqueTemplate[]> {
  const { rows } = await getPgPool().query<CritiqueTemplate>(
    `SELECT version, text, "createdAt" FROM critique_templates WHERE "projectId" = $1 ORDER BY version DESC`,
    [options.projectId],
  );
  return [...rows, { version: 0, text: DEFAULT_CRITIQUE_TEMPLATE, createdAt: null }];
}
