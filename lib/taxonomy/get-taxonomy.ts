import type { PoolClient } from 'pg';
import { getPgPool } from '@/lib/db';
import { DEFAULT_TAXONOMY } from '@/lib/taxonomy/defaults';
import { ZTaxonomyFlags, type Taxonomy } from '@/lib/taxonomy/schemas';

/**
 * One version of a project's flag taxonomy: the stored row, or the default taxonomy for a
 * version that was never written (version 1 of a project no lead has edited).
 */
export async function getTaxonomy(options: { projectId: string; version: number; client?: PoolClient }): Promise<Taxonomy> {
  const { projectId, version } = options;
  const db = options.client ?? getPgPool();
  const { rows } = await db.query<{ responseFlags: unknown; promptFlags: unknown }>(
    `SELECT "responseFlags", "promptFlags" FROM flag_taxonomies WHERE "projectId" = $1 AND version = $2`,
    [projectId, version],
  );
  const row = rows[0];
  if (!row) return { version, ...DEFAULT_TAXONOMY };
  return { version, ...ZTaxonomyFlags.parse(row) };
}
