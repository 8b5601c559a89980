import 'server-only';
import { getDb } from '@/lib/db';
import { DEFAULT_TAXONOMY } from '@/lib/taxonomy/defaults';

export type TaxonomyVersionSummary = {
  version: number;
  /** Null for the built-in default (version 1 of a project no lead has edited). */
  createdAt: Date | null;
  /** Name of the account that saved it; null for the default, the CLI, or a deleted account. */
  createdBy: string | null;
  responseFlagCount: number;
  promptFlagCount: number;
  isDefault: boolean;
};

/**
 * Every version of a project's flag taxonomy, newest first. Version 1 is the built-in default
 * until a lead saves a version, and no row stores it, so it is added here.
 */
export async function findTaxonomyVersions(options: { projectId: string }): Promise<TaxonomyVersionSummary[]> {
  const { projectId } = options;
  const rows = await getDb().$queryRaw<Omit<TaxonomyVersionSummary, 'isDefault'>[]>`
    SELECT t.version, t."createdAt", u.name AS "createdBy",
           jsonb_array_length(t."responseFlags")::int AS "responseFlagCount",
           jsonb_array_length(t."promptFlags")::int AS "promptFlagCount"
    FROM flag_taxonomies t LEFT JOIN users u ON u.id = t."createdById"
    WHERE t."projectId" = ${projectId}::uuid
    ORDER BY t.version DESC`;
  const versions = rows.map((row) => ({ ...row, isDefault: false }));
  if (!versions.some((v) => v.version === 1)) {
    versions.push({
      version: 1,
      createdAt: null,
      createdBy: null,
      responseFlagCount: DEFAULT_TAXONOMY.responseFlags.length,
      promptFlagCount: DEFAULT_TAXONOMY.promptFlags.length,
      isDefault: true,
    });
  }
  return versions;
}
