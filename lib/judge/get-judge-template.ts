import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { DEFAULT_JUDGE_TEMPLATE } from '@/lib/judge/templates';

export type JudgeTemplate = { version: number; text: string; createdAt: Date | null };

const DEFAULT: JudgeTemplate = { version: 0, text: DEFAULT_JUDGE_TEMPLATE, createdAt: null };

/** A project's judge template: the given version, else the latest; version 0 is the built-in default. */
export async function getJudgeTemplate(options: { projectId: string; version?: number }): Promise<JudgeTemplate> {
  if (options.version === 0) return DEFAULT;
  const { rows } = await getPgPool().query<JudgeTemplate>(
    `SELECT version, text, "createdAt" FROM judge_templates WHERE "projectId" = $1 AND ($2::int IS NULL OR version = $2)
      ORDER BY version DESC LIMIT 1`,
    [options.projectId, options.version ?? null],
  );
  if (rows[0]) return rows[0];
  if (options.version !== undefined) throw new AppError('NOT_FOUND', `No judge template version ${options.version} in this project.`);
  return DEFAULT;
}

/** Every version, newest first (the default, version 0, last). */
export async function findJudgeTemplates(options: { projectId: string }): Promise<JudgeTemplate[]> {
  const { rows } = await getPgPool().query<JudgeTemplate>(
    `SELECT version, text, "createdAt" FROM judge_templates WHERE "projectId" = $1 ORDER BY version DESC`,
    [options.projectId],
  );
  return [...rows, DEFAULT];
}
