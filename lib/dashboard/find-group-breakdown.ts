import {
  computeGroupBreakdown,
  GROUP_JUDGMENT_LIMIT,
  GROUP_RESAMPLES,
  loadGroupInputs,
  WORKING_LOCALE_ATTRIBUTE,
  type GroupFigures,
} from '@/lib/dashboard/compute-group-breakdown';
import { cachedFigure, type FigureFreshness } from '@/lib/dashboard/figure-cache';
import { findLabelerAttributes, type AttributeRow } from '@/lib/pool/find-labeler-attributes';
import type { GroupDisagreement } from '@/lib/pool/group-stats';
import { getPoolSettings } from '@/lib/pool/pool-settings';
import { findPromptNames } from '@/lib/items/prompt-preview';

export { GROUP_JUDGMENT_LIMIT, WORKING_LOCALE_ATTRIBUTE };

export type GroupBreakdown = Omit<GroupFigures, 'disagreements'> & {
  /** Attributes someone described, e.g. language, region, expertise, field:team. */
  attributes: string[];
  attribute: string | null;
  /** Each with its item's prompt, truncated: how the list names the item. */
  disagreements: (GroupDisagreement & { prompt: string })[];
};

/** A readable name for an attribute key. */
export const attributeLabel = (attribute: string) =>
  attribute.startsWith('field:') ? `Project field “${attribute.slice(6)}”` : attribute[0]!.toUpperCase() + attribute.slice(1);

/** The attributes present, language, region, expertise, then the project's fields: the first one present is the default. */
export function orderedAttributes(rows: AttributeRow[]): string[] {
  const rank = (a: string) => {
    const i = ['language', 'region', 'expertise'].indexOf(a);
    return i < 0 ? 3 : i;
  };
  return [...new Set(rows.map((r) => r.attribute))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * Whether a breakdown can be asked for: a profile attribute present, or the judgments' working locale
 * (issue 31), which is always offered beside the attributes (and never the default).
 */
export const isOfferedAttribute = (attribute: string, attributes: string[]) =>
  attribute === WORKING_LOCALE_ATTRIBUTE || attributes.includes(attribute);

/** What changes one attribute's breakdown besides the judgments: the minimum group size and who has which value. */
export const groupBreakdownParts = (minGroupSize: number, attribute: string | null, rows: AttributeRow[]) => ({
  v: 1,
  minGroupSize,
  attribute,
  limit: GROUP_JUDGMENT_LIMIT,
  resamples: GROUP_RESAMPLES,
  members: rows
    .filter((r) => r.attribute === attribute)
    .map((r) => `${r.userId}\t${r.value}`)
    .sort(),
});

/**
 * Agreement and model scores by group of one profile attribute (issue 10) for a view, served from
 * the cache the stats refresh job keeps per attribute asked for (computeGroupBreakdown: seconds at
 * a million judgments), with its freshness: `breakdown` null while never computed for this
 * attribute, `freshness.behind` while the data changed since (the job is queued). Small projects
 * are computed in the view (lib/dashboard/figure-cache.ts). The attributes offered and the items'
 * prompts are read now.
 */
export async function findGroupBreakdown(options: {
  projectId: string;
  attribute?: string | null;
  synchronousUpTo?: number;
}): Promise<{ attributes: string[]; attribute: string | null; breakdown: GroupBreakdown | null; freshness: FigureFreshness }> {
  const { projectId } = options;
  const [settings, rows] = await Promise.all([getPoolSettings({ projectId }), findLabelerAttributes({ projectId })]);
  const attributes = orderedAttributes(rows);
  const attribute = options.attribute && isOfferedAttribute(options.attribute, attributes) ? options.attribute : (attributes[0] ?? null);
  const { value, freshness } = await cachedFigure<GroupFigures>({
    projectId,
    widget: 'groups',
    key: attribute ?? '',
    parts: groupBreakdownParts(settings.minGroupSize, attribute, rows),
    compute: async () =>
      computeGroupBreakdown({ inputs: await loadGroupInputs({ projectId }), attribute, rows, minGroupSize: settings.minGroupSize }),
    synchronousUpTo: options.synchronousUpTo,
  });
  if (!value) return { attributes, attribute, breakdown: null, freshness };
  const prompts = await findPromptNames({ projectId, itemIds: value.disagreements.map((d) => d.itemId) });
  const disagreements = value.disagreements.map((d) => ({ ...d, prompt: prompts.get(d.itemId) ?? '' }));
  return { attributes, attribute, breakdown: { ...value, attributes, attribute, disagreements }, freshness };
}
