import { findTaxonomyVersions } from '@/lib/taxonomy/find-taxonomy-versions';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';

/** Flag key → label across every taxonomy version of the project, the newest label of a key winning. */
export async function findFlagLabels(options: { projectId: string }): Promise<Map<string, string>> {
  const { projectId } = options;
  const versions = await findTaxonomyVersions({ projectId });
  const taxonomies = await Promise.all(versions.map((v) => getTaxonomy({ projectId, version: v.version })));
  const labels = new Map<string, string>();
  // Newest first: the first label seen for a key is its newest.
  for (const taxonomy of taxonomies) {
    for (const flag of [...taxonomy.responseFlags, ...taxonomy.promptFlags]) if (!labels.has(flag.key)) labels.set(flag.key, flag.label);
  }
  return labels;
}
