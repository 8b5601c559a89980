import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { BOOTSTRAP_SEED } from '@/lib/dashboard/resampling-units';
import type { NotNull } from 'kysely';
import { getSql } from '@/lib/db';
import { findLabelerAttributes, groupAttributes } from '@/lib/pool/find-labeler-attributes';
import {
  groupDisagreements,
  populationNumbers,
  type GroupDisagreement,
  type GroupJudgment,
  type GroupNumbers,
} from '@/lib/pool/group-stats';
import { getPoolSettings } from '@/lib/pool/pool-settings';
import { findPromptNames } from '@/lib/items/prompt-preview';

const RESAMPLES = 400;
/** A bounded in-memory pass: the newest counted judgments, at most this many. */
export const GROUP_JUDGMENT_LIMIT = 200_000;

export type GroupBreakdown = {
  /** Attributes someone described, e.g. language, region, expertise, field:team. */
  attributes: string[];
  attribute: string | null;
  minGroupSize: number;
  pooled: GroupNumbers;
  /** Groups with at least minGroupSize labelers who have counted judgments, largest first. */
  groups: GroupNumbers[];
  /** Groups left out for having fewer labelers than minGroupSize. */
  hiddenGroups: number;
  /** Each with its item's prompt, truncated: how the list names the item. */
  disagreements: (GroupDisagreement & { prompt: string })[];
  resamples: number;
  seed: number;
  truncated: boolean;
};

/** A readable name for an attribute key. */
export const attributeLabel = (attribute: string) =>
  attribute.startsWith('field:') ? `Project field “${attribute.slice(6)}”` : attribute[0]!.toUpperCase() + attribute.slice(1);

/**
 * Agreement and model scores by group of one profile attribute (issue 10), next to the pooled
 * numbers: groups of fewer than the project's minimum number of labelers (with counted
 * judgments) are hidden and counted, never shown; 95% bootstrap intervals over items (fixed seed);
 * and the items where two shown groups disagree most. From counted judgments (excluded labelers
 * and invalid items left out), like the rest of the dashboard.
 */
export async function findGroupBreakdown(options: { projectId: string; attribute?: string | null }): Promise<GroupBreakdown> {
  const { projectId } = options;
  await refreshProjectStats({ projectId });
  const [settings, attributeRows, judgmentRows, models] = await Promise.all([
    getPoolSettings({ projectId }),
    findLabelerAttributes({ projectId }),
    getSql()
      .selectFrom('judgment_stats as js')
      .innerJoin('judgments as j', 'j.id', 'js.judgmentId')
      .select(['js.itemId', 'js.userId', 'j.ranking', 'js.looAgree', 'js.looCompared'])
      .where('js.projectId', '=', projectId)
      .where('js.counted', '=', true)
      .where('j.allUnacceptable', '=', false)
      .orderBy('js.createdAt', 'desc')
      .limit(GROUP_JUDGMENT_LIMIT)
      // A judgment's ranking is tie groups of response ids, best first (prisma/schema.prisma).
      .$narrowType<Pick<GroupJudgment, 'ranking'>>()
      .execute(),
    getSql()
      .selectFrom('responses as r')
      .innerJoin('items as i', 'i.id', 'r.itemId')
      .select(['r.id', 'r.modelId'])
      .where('i.projectId', '=', projectId)
      .where('r.modelId', 'is not', null)
      .$narrowType<{ modelId: NotNull }>()
      .execute(),
  ]);
  const judgments = judgmentRows;
  const modelOf = new Map(models.map((r) => [r.id, r.modelId]));
  const byAttribute = groupAttributes(attributeRows);
  // Language, region, expertise, then the project's fields; the first one present is the default.
  const rank = (a: string) => {
    const i = ['language', 'region', 'expertise'].indexOf(a);
    return i < 0 ? 3 : i;
  };
  const attributes = [...byAttribute.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const attribute = options.attribute && byAttribute.has(options.attribute) ? options.attribute : (attributes[0] ?? null);
  const common = { seed: BOOTSTRAP_SEED, resamples: RESAMPLES, judgments, modelOf };
  const pooled = populationNumbers({ ...common, value: 'Everyone', users: null });

  const labeled = new Set(judgments.map((j) => j.userId));
  const candidates = [...(attribute ? byAttribute.get(attribute)! : new Map<string, Set<string>>())].map(([value, users]) => ({
    value,
    users: new Set([...users].filter((u) => labeled.has(u))),
  }));
  const shown = candidates
    .filter((g) => g.users.size >= settings.minGroupSize)
    .sort((a, b) => b.users.size - a.users.size || a.value.localeCompare(b.value));
  const found = groupDisagreements(judgments, shown);
  const prompts = await findPromptNames({ projectId, itemIds: found.map((d) => d.itemId) });
  const disagreements = found.map((d) => ({ ...d, prompt: prompts.get(d.itemId) ?? '' }));
  return {
    attributes,
    attribute,
    minGroupSize: settings.minGroupSize,
    pooled,
    groups: shown.map((g) => populationNumbers({ ...common, value: g.value, users: g.users })),
    hiddenGroups: candidates.length - shown.length,
    disagreements,
    resamples: RESAMPLES,
    seed: BOOTSTRAP_SEED,
    truncated: judgments.length === GROUP_JUDGMENT_LIMIT,
  };
}
