import type { TFlaw } from '@/lib/judgments/schemas';
import type { ImportMessage } from '@/lib/import/types';
import type { ExportDetectTrial, ExportPerturbation } from '@/lib/export/critique-eval-rows';

/**
 * What the export writers read: one item with everything its rows may need, already filtered by
 * the query (labelers excluded by a lead, judgments outside the date range and invalid items
 * are never loaded). The pure functions in this folder turn it into rows.
 */
export type ExportResponse = { id: string; externalId: string | null; modelId: string | null; text: string };

export type ExportJudgment = {
  judgmentId: string;
  /** Stable pseudonym of the labeler ("labeler-3f9a…"), never a name or email. */
  labeler: string;
  source: 'LABELED' | 'IMPORTED';
  ranking: string[][];
  allUnacceptable: boolean;
  likert: Record<string, number | null>;
  flags: Record<string, string[]>;
  flaws: Record<string, TFlaw[]>;
  promptFlags: string[];
  /** The order the labeler saw; null for imported labels. */
  shownOrder: string[] | null;
  durationMs: number;
  taxonomyVersion: number;
  createdAt: string;
  /** The labeler's group attributes when the project opted in (lib/pool/export-group-attributes.ts); absent otherwise. */
  groups?: Record<string, string[]>;
};

export type ExportItem = {
  itemId: string;
  externalId: string | null;
  messages: ImportMessage[];
  responses: ExportResponse[];
  isGold: boolean;
  judgments: ExportJudgment[];
  /** A lead's adjudicated ranking: it replaces the judgments in pair and consensus rows. */
  adjudicatedRanking: string[][] | null;
  /** Accepted demonstrations (loaded for the "sft" format only). */
  demonstrations?: ExportDemonstration[];
  /** Accepted perturbations of its responses (loaded for the "perturbations" format only). */
  perturbations?: ExportPerturbation[];
  /** Submitted detect trials (loaded for the "detect-trials" format only). */
  detectTrials?: ExportDetectTrial[];
};

/** A reply a labeler wrote for the item's conversation and a lead accepted. */
export type ExportDemonstration = { demonstrationId: string; labeler: string; text: string };

export const PAIR_FORMATS = ['pairs', 'pairs-chat', 'hh', 'openai-dpo'] as const;
export const EXPORT_FORMATS = [...PAIR_FORMATS, 'rankings', 'raw', 'sft', 'perturbations', 'detect-trials'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type PairFormat = (typeof PAIR_FORMATS)[number];

export type PairOptions = {
  /** per-labeler: every judgment's strict pairs; consensus: one row per response pair, the majority of votes. */
  mode: 'per-labeler' | 'consensus';
  /** Tied pairs are dropped, or kept with "tie": true (formats that cannot say "tie" always drop them). */
  ties: 'drop' | 'keep';
  /** Consensus margin: the vote-share difference, or the mean Likert difference of labelers who scored both. */
  margin: 'votes' | 'likert';
  /** Consensus: fewest votes (either side or tie) a pair needs. */
  minVotes: number;
  /** Fewest item agreement (pairwise, ties excluded) an item needs; null = no minimum. Items with fewer than two rankings have no agreement and are left out when a minimum is set. */
  minAgreement: number | null;
  excludeGold: boolean;
  /** Responses any included labeler flagged with one of these are left out of every pair. */
  excludeFlags: string[];
  /** Share of prompts in the validation split, by a stable hash of the prompt. */
  validationShare: number;
};

export const DEFAULT_PAIR_OPTIONS: PairOptions = {
  mode: 'per-labeler',
  ties: 'drop',
  margin: 'votes',
  minVotes: 1,
  minAgreement: null,
  excludeGold: false,
  excludeFlags: [],
  validationShare: 0.1,
};

export const SPLITS = ['train', 'validation'] as const;
export type Split = (typeof SPLITS)[number];

/** One preference between two responses of an item. For a tie, chosen/rejected follow the item's response order. */
export type PreferencePair = {
  item: ExportItem;
  chosen: ExportResponse;
  rejected: ExportResponse;
  tie: boolean;
  /** Votes for the chosen side, the rejected side, and ties (per-labeler rows: one vote). */
  votes: { chosen: number; rejected: number; tie: number };
  margin: number | null;
  /** Per-labeler rows: the labeler's pseudonym ("adjudication" for a lead's ranking); consensus rows: null. */
  labeler: string | null;
  split: Split;
};
