import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { DEFAULT_CRITIQUE_TEMPLATE } from '@/lib/generation/schemas';

export type CritiqueTemplate = { version: number; text: string; createdAt: Date | null };

/**
 * A project's critique prompt template: the given version, else the latest. Version 0 is the
 * built-in default ("Point out the most important flaws of this answer, quoting the text."), in
 * force until a lead saves one.
 */
export async function getCritiqueTemplate(options: { projectId: string; version?: number }): Promise<CritiqueTemplate> {
  if (options.version === 0) return { version: 0, text: DEFAULT_CRITIQUE_TEMPLATE, createdAt: null };
  const { rows } = await getPgPool().query<CritiqueTemplate>(
    `SELECT version, text, "createdAt" FROM critique_templates WHERE "projectId" = $1 AND ($2::int IS NULL OR version = $2)
      ORDER BY version DESC LIMIT 1`,
    [options.projectId, options.version ?? null],
  );
  if (rows[0]) return rows[0];
  if (options.version !== undefined) throw new AppError('NOT_FOUND', `No critique template version ${options.version} in this project.`);
  return { version: 0, text: DEFAULT_CRITIQUE_TEMPLATE, createdAt: null };
}
