import type { TRankingDraft } from '@/lib/judgments/schemas';
import type { TAspectDefinition } from '@/lib/aspects/schemas';
import type { Taxonomy } from '@/lib/taxonomy/schemas';

/**
 * Everything the ranking screen receives about one task, and nothing more: no model ids, no
 * response metadata or external ids, no gold ranking, no other labeler's work (PRODUCT §1, §9).
 */
export type RankingTaskView = {
  assignmentId: string;
  projectId: string;
  /** The conversation, ending with the user turn the responses answer. */
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  /** In the order shown to this labeler (stored on the assignment); labelled A, B, C… */
  responses: { id: string; label: string; text: string }[];
  /** The taxonomy version recorded on the assignment. */
  taxonomy: Taxonomy;
  /** The saved draft, or null before the first save. */
  draft: TRankingDraft | null;
  draftSavedAt: string | null;
  leaseExpiresAt: string;
  /** The aspects to answer after the overall ranking (issue 27); absent when the project collects none. */
  aspects?: TAspectDefinition[];
};

/** The progress bar: the labeler's judgments today in this project, and the project's completion. */
export type LabelProgress = { doneToday: number; doneTotal: number; itemsComplete: number; itemsTotal: number };

/** Results of the ranking screen's server actions. */
export type ActionResult<T = object> = ({ ok: true } & T) | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

export { RESPONSE_LABELS } from '@/lib/judgments/schemas';
