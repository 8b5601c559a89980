import type { PoolClient } from 'pg';
import { getSql, typed } from '@/lib/db';
import { DEFAULT_TAXONOMY } from '@/lib/taxonomy/defaults';
import { ZTaxonomyFlags, type Taxonomy } from '@/lib/taxonomy/schemas';

/**
 * One version of a project's flag taxonomy: the stored row, or the default taxonomy for a
 * version that was never written (version 1 of a project no lead has edited).
 */
export async function getTaxonomy(options: { projectId: string; version: number; client?: PoolClient }): Promise<Taxonomy> {
  const { projectId, version } = options;
  const db = options.client ? typed(options.client) : getSql();
  const row = await db
    .selectFrom('flag_taxonomies')
    .select(['responseFlags', 'promptFlags'])
    .where('projectId', '=', projectId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) return { version, ...DEFAULT_TAXONOMY };
  return { version, ...ZTaxonomyFlags.parse(row) };
}
