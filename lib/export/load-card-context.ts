import type { PoolClient } from 'pg';
import { typed } from '@/lib/db';
import type { ManifestDataset } from '@/lib/export/build-manifest';
import { readProjectSettings } from '@/lib/projects/settings';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';
import type { TFlagDefinition } from '@/lib/taxonomy/schemas';

/** Source datasets named in item metadata; more than this are summarised by the first ones. */
const MAX_SOURCES = 20;

export type ProjectCardFacts = {
  guidelines: string;
  taxonomyVersion: number;
  responseFlags: TFlagDefinition[];
  promptFlags: TFlagDefinition[];
  dataset: Pick<ManifestDataset, 'license' | 'languages' | 'source_datasets'>;
};

/**
 * What a snapshot's card declares about the project, read in the build's transaction: guidelines,
 * the current flag taxonomy, the lead's licence and languages (Export page), and the source
 * datasets and licences imported items name in their metadata (`source_dataset`, `dataset` or
 * `source`; `license` or `licence`). The licence list is the project's, then the sources' ("unknown" when none).
 */
export async function loadCardContext(options: { client: PoolClient; projectId: string }): Promise<ProjectCardFacts> {
  const { client, projectId } = options;
  const project = await typed(client)
    .selectFrom('projects')
    .select(['guidelines', 'settings'])
    .where('id', '=', projectId)
    .executeTakeFirst();
  const settings = readProjectSettings(project?.settings);
  const { rows: sources } = await client.query<{ name: string | null; license: string | null }>(
    `SELECT DISTINCT coalesce(metadata->>'source_dataset', metadata->>'dataset', metadata->>'source') AS name, coalesce(metadata->>'license', metadata->>'licence') AS license
       FROM items WHERE "projectId" = $1 AND (metadata ? 'source_dataset' OR metadata ? 'dataset' OR metadata ? 'source' OR metadata ? 'license' OR metadata ? 'licence')
      ORDER BY 1, 2 LIMIT ${MAX_SOURCES}`,
    [projectId],
  );
  const taxonomy = await getTaxonomy({ projectId, version: settings.taxonomyVersion, client });
  // A licence the metadata spells some other way than a Hub id is "other" in the YAML; the card names it as written.
  const hubId = (l: string | null) =>
    !l?.trim() ? null : /^[a-z0-9][a-z0-9.+-]{0,63}$/.test(l.trim().toLowerCase()) ? l.trim().toLowerCase() : 'other';
  const licenses = [settings.datasetCard.license, ...sources.map((s) => hubId(s.license))].filter((l): l is string => Boolean(l));
  return {
    guidelines: project?.guidelines ?? '',
    taxonomyVersion: taxonomy.version,
    responseFlags: taxonomy.responseFlags,
    promptFlags: taxonomy.promptFlags,
    dataset: {
      license: licenses.length > 0 ? [...new Set(licenses)] : ['unknown'],
      languages: settings.datasetCard.languages,
      source_datasets: sources.filter((s) => s.name).map((s) => ({ name: s.name!, license: s.license })),
    },
  };
}
