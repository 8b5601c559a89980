import { splitOf } from '@/lib/export/split';
import type { ExportItem, PairOptions } from '@/lib/export/types';

/** An accepted perturbation of one of the item's responses (loaded for the "perturbations" format only). */
export type ExportPerturbation = {
  perturbationId: string;
  externalId: string | null;
  responseId: string;
  /** The writer's pseudonym; null when imported without an author. */
  author: string | null;
  flawedText: string;
  description: string;
  category: string;
  severity: number;
  missableBecause: string;
  flawedSpan: { start: number; end: number };
  originalSpan: { start: number; end: number };
  createdAt: string;
};

/** One submitted detect trial on the item (loaded for the "detect-trials" format only). */
export type ExportDetectTrial = {
  trialId: string;
  perturbationId: string;
  perturbationExternalId: string | null;
  responseId: string;
  labeler: string;
  arm: 'UNASSISTED' | 'ASSISTED';
  variant: 'ORIGINAL' | 'FLAWED';
  likert: number;
  saysFlawed: boolean;
  span: { start: number; end: number } | null;
  severity: number | null;
  description: string | null;
  foundIntended: boolean | null;
  spanOverlap: number | null;
  reviewed: boolean;
  durationMs: number | null;
  critiqueMarks: { critiqueId: string; helpful: boolean }[];
  wouldHaveNoticed: boolean | null;
  submittedAt: string;
  /** Whether "Yes" was the first of the follow-up's two buttons (issue 18: shown order randomized and stored); null when not asked. */
  noticedYesFirst?: boolean | null;
};

const responseKey = (item: ExportItem, id: string) => {
  const r = item.responses.find((x) => x.id === id);
  return r ? (r.externalId ?? r.id) : id;
};

/**
 * The "perturbations" rows of an item: one per accepted perturbation, with the conversation, the
 * original and the flawed text, and the planted flaw (its span by the diff, in the flawed text and
 * in the original).
 */
export function perturbationRows(item: ExportItem, options: Pick<PairOptions, 'validationShare' | 'splitBy'>): Record<string, unknown>[] {
  const perturbations = item.perturbations ?? [];
  if (perturbations.length === 0) return [];
  const { split } = splitOf(item, options);
  return perturbations.map((p) => ({
    messages: item.messages,
    original: item.responses.find((r) => r.id === p.responseId)?.text ?? '',
    flawed: p.flawedText,
    flaw: {
      description: p.description,
      category: p.category.toLowerCase(),
      severity: p.severity,
      missable_because: p.missableBecause,
      span: p.flawedSpan,
      original_span: p.originalSpan,
    },
    item_id: item.externalId ?? item.itemId,
    response_id: responseKey(item, p.responseId),
    perturbation_id: p.externalId ?? p.perturbationId,
    author: p.author,
    created_at: p.createdAt,
    split,
  }));
}

/** The "detect-trials" rows of an item: one per submitted trial, with its cell, answers, scoring and timing. */
export function detectTrialRows(item: ExportItem): Record<string, unknown>[] {
  return (item.detectTrials ?? []).map((t) => ({
    trial_id: t.trialId,
    item_id: item.externalId ?? item.itemId,
    response_id: responseKey(item, t.responseId),
    perturbation_id: t.perturbationExternalId ?? t.perturbationId,
    labeler: t.labeler,
    arm: t.arm.toLowerCase(),
    variant: t.variant.toLowerCase(),
    likert: t.likert,
    says_flawed: t.saysFlawed,
    span: t.span,
    severity: t.severity,
    description: t.description,
    found_intended: t.foundIntended,
    span_overlap: t.spanOverlap,
    reviewed_by_lead: t.reviewed,
    duration_ms: t.durationMs,
    critique_marks: t.critiqueMarks.map((m) => ({ critique_id: m.critiqueId, helpful: m.helpful })),
    would_have_noticed: t.wouldHaveNoticed,
    would_have_noticed_yes_first: t.noticedYesFirst ?? null,
    submitted_at: t.submittedAt,
  }));
}
