import { splitOf } from '@/lib/export/split';
import type { ExportItem, ExportJudgment, PairOptions } from '@/lib/export/types';

const responseId = (item: ExportItem, id: string) => {
  const r = item.responses.find((x) => x.id === id);
  return r?.externalId ?? id;
};

/** The "judge" rows of an item (issue 25): one per AI judge label, marked source "judge", with its provenance. */
export function judgeRows(item: ExportItem, options: Pick<PairOptions, 'validationShare' | 'splitBy'>): Record<string, unknown>[] {
  const { split } = splitOf(item, options);
  return (item.judgeLabels ?? []).map((l) => ({
    item_id: item.externalId ?? item.itemId,
    source: 'judge',
    connection: l.connection,
    model: l.model,
    model_reported: l.modelReported,
    template_version: l.templateVersion,
    reversed: l.reversed,
    shown_order: l.shownOrder.map((id) => responseId(item, id)),
    ranking: l.ranking.map((group) => group.map((id) => responseId(item, id))),
    ratings: l.ratings.map((r) => ({ response_id: responseId(item, r.responseId), likert: r.likert, flags: r.flags })),
    reason: l.reason,
    job_id: l.jobId,
    created_at: l.createdAt,
    split,
  }));
}

/**
 * The item as its AI judge labels would rank it (for include_judge pairs): one "judgment" per label
 * asked in the shown order (the reversed question is the judge asked again, not a second judge), its
 * labeler "judge:<connection>:v<template version>"; no adjudication. Null when the judge has none.
 */
export function judgeAsItem(item: ExportItem): ExportItem | null {
  const labels = (item.judgeLabels ?? []).filter((l) => !l.reversed);
  if (labels.length === 0) return null;
  const judgments: ExportJudgment[] = labels.map((l) => ({
    judgmentId: l.labelId,
    labeler: `judge:${l.connection}:v${l.templateVersion}`,
    source: 'LABELED',
    ranking: l.ranking,
    allUnacceptable: false,
    likert: Object.fromEntries(l.ratings.map((r) => [r.responseId, r.likert])),
    flags: Object.fromEntries(l.ratings.filter((r) => r.flags.length > 0).map((r) => [r.responseId, r.flags])),
    flaws: {},
    promptFlags: [],
    shownOrder: l.shownOrder,
    durationMs: 0,
    taxonomyVersion: 0,
    createdAt: l.createdAt,
  }));
  return { ...item, judgments, adjudicatedRanking: null };
}
