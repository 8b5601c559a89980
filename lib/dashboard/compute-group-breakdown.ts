import type { NotNull } from 'kysely';
import { BOOTSTRAP_SEED } from '@/lib/dashboard/resampling-units';
import { getSql } from '@/lib/db';
import { groupAttributes, type AttributeRow } from '@/lib/pool/find-labeler-attributes';
import {
  groupDisagreements,
  populationNumbers,
  type GroupDisagreement,
  type GroupJudgment,
  type GroupNumbers,
} from '@/lib/pool/group-stats';

export const GROUP_RESAMPLES = 400;
/** A bounded in-memory pass: the newest counted judgments, at most this many. */
export const GROUP_JUDGMENT_LIMIT = 200_000;

/** One attribute's breakdown, as the stats refresh job caches it (the items' prompts are read by each view). */
export type GroupFigures = {
  minGroupSize: number;
  pooled: GroupNumbers;
  /** Groups with at least minGroupSize labelers who have counted judgments, largest first. */
  groups: GroupNumbers[];
  /** Groups left out for having fewer labelers than minGroupSize. */
  hiddenGroups: number;
  disagreements: GroupDisagreement[];
  resamples: number;
  seed: number;
  truncated: boolean;
};

/** `locale`: the judgment's working locale (issue 31), null when not recorded. */
export type GroupInputs = { judgments: (GroupJudgment & { locale?: string | null })[]; modelOf: Map<string, string> };

/**
 * The group dimension "working locale" (issue 31): judgments grouped by the locale the labeler worked in,
 * not by a profile attribute, since one labeler may work in several. Offered beside the profile attributes.
 */
export const WORKING_LOCALE_ATTRIBUTE = 'working locale';
/** The group of judgments stored before issue 31 (or by API clients that named no locale). */
export const LOCALE_NOT_RECORDED = 'not recorded';

/**
 * The inputs split by working locale: each labeler counts once per locale they worked in (their judgments
 * in each locale under an id of its own), so groups are sets of those ids like profile groups are of labelers.
 */
function byWorkingLocale(inputs: GroupInputs): { inputs: GroupInputs; groups: Map<string, Set<string>> } {
  const groups = new Map<string, Set<string>>();
  const judgments = inputs.judgments.map((j) => {
    const value = j.locale ?? LOCALE_NOT_RECORDED;
    const userId = `${j.userId}\u0000${value}`;
    let users = groups.get(value);
    if (!users) groups.set(value, (users = new Set()));
    users.add(userId);
    return { ...j, userId };
  });
  return { inputs: { ...inputs, judgments }, groups };
}

/** The project's newest counted judgments with their leave-one-out numbers, and each judged response's model. */
export async function loadGroupInputs(options: { projectId: string }): Promise<GroupInputs> {
  const { projectId } = options;
  const [judgments, models] = await Promise.all([
    getSql()
      .selectFrom('judgment_stats as js')
      .innerJoin('judgments as j', 'j.id', 'js.judgmentId')
      .select(['js.itemId', 'js.userId', 'j.ranking', 'js.looAgree', 'js.looCompared', 'j.locale'])
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
  return { judgments, modelOf: new Map(models.map((r) => [r.id, r.modelId])) };
}

/** Everyone's numbers: shared by every attribute's breakdown of the same inputs. */
export function pooledNumbers(inputs: GroupInputs): GroupNumbers {
  return populationNumbers({ ...inputs, seed: BOOTSTRAP_SEED, resamples: GROUP_RESAMPLES, value: 'Everyone', users: null });
}

/**
 * Agreement and model scores by group of one profile attribute (issue 10), next to the pooled
 * numbers: groups of fewer than the project's minimum number of labelers (with counted
 * judgments) are hidden and counted, never shown; 95% bootstrap intervals over items (fixed seed);
 * and the items where two shown groups disagree most. From counted judgments (excluded labelers
 * and invalid items left out), like the rest of the dashboard. `rows`: that attribute's values.
 */
export function computeGroupBreakdown(options: {
  inputs: GroupInputs;
  attribute: string | null;
  rows: AttributeRow[];
  minGroupSize: number;
  pooled?: GroupNumbers;
}): GroupFigures {
  const { attribute, minGroupSize } = options;
  const pooled = options.pooled ?? pooledNumbers(options.inputs);
  const split = attribute === WORKING_LOCALE_ATTRIBUTE ? byWorkingLocale(options.inputs) : null;
  const inputs = split?.inputs ?? options.inputs;
  const { judgments } = inputs;
  const common = { seed: BOOTSTRAP_SEED, resamples: GROUP_RESAMPLES, ...inputs };
  const byAttribute = groupAttributes(options.rows);
  const labeled = new Set(judgments.map((j) => j.userId));
  const valueGroups = split
    ? split.groups
    : attribute
      ? (byAttribute.get(attribute) ?? new Map<string, Set<string>>())
      : new Map<string, Set<string>>();
  const candidates = [...valueGroups].map(([value, users]) => ({ value, users: new Set([...users].filter((u) => labeled.has(u))) }));
  const shown = candidates
    .filter((g) => g.users.size >= minGroupSize)
    .sort((a, b) => b.users.size - a.users.size || a.value.localeCompare(b.value));
  return {
    minGroupSize,
    pooled,
    groups: shown.map((g) => populationNumbers({ ...common, value: g.value, users: g.users })),
    hiddenGroups: candidates.length - shown.length,
    disagreements: groupDisagreements(judgments, shown),
    resamples: GROUP_RESAMPLES,
    seed: BOOTSTRAP_SEED,
    truncated: judgments.length === GROUP_JUDGMENT_LIMIT,
  };
}
