import type { FeatureName } from '@/lib/health/features';

export type HealthSplit = 'train' | 'validation';

/** A share with its 95% interval: `hits` of `n` (NaN-free: null when n = 0). */
export type HealthRate = { n: number; hits: number; share: number | null; low: number | null; high: number | null };

/** One item as the health report reads it: its prompt, its responses and its labels. */
export type HealthItemInput = {
  /** The conversation's text (the overlap feature's words). */
  prompt: string;
  responses: { id: string; text: string; modelId: string | null; flags: number }[];
  /** The rankings its rows come from (tie groups, best first): agreement is measured on items with two or more. */
  rankings: string[][][];
  /** The labelers' own rankings with the order each saw the responses (null when not known, e.g. imported labels). */
  shown: { ranking: string[][]; shownOrder: string[] | null }[];
};

/** One written row of the item: its split, whether it is a tie, and the response ids on each side. */
export type HealthPairInput = { split: HealthSplit; tie: boolean; chosen: string; rejected: string };

export type HealthWarning = { code: 'length' | 'position' | 'learnable' | 'agreement' | 'small' | 'style'; message: string };

export type HealthModelRow = {
  model: string;
  /** Non-tie rows where this model's response met another model's. */
  games: number;
  wins: number;
  win_rate: number | null;
  /** Bradley–Terry ratings (Elo-like scale, mean 1000) without and with the length covariate. */
  rating: number;
  rating_length_controlled: number;
  /** Expected win rate against an average other model, from each fit. */
  expected_win_rate: number | null;
  expected_win_rate_length_controlled: number | null;
};

/** The "health" of a pairs-type snapshot's manifest (issue 28; docs/decisions.md says how each figure is made). */
export type HealthReport = {
  version: 1;
  pairs: { rows: number; ties: number; compared: number; train: number; validation: number };
  /** The longer response (by characters / by words) is the chosen one; pairs of equal length left out and counted. */
  length: Record<'chars' | 'words', { train: HealthRate; validation: HealthRate; all: HealthRate; equal: number }>;
  /** The response shown earlier to the labeler won, over the labelers' strict pairs whose shown order is known. */
  position: HealthRate;
  learned: {
    method: string;
    lambda: number;
    /** Weights on standardized differences (each divided by its root mean square over train pairs); null: the feature never differs. */
    weights: { feature: FeatureName; label: string; weight: number | null; scale: number }[];
    train: HealthRate;
    /** Held-out accuracy with a percentile bootstrap interval over validation items (seeded); null without enough pairs. */
    validation: {
      accuracy: number;
      low: number | null;
      high: number | null;
      n: number;
      items: number;
      resamples: number;
      seed: number;
    } | null;
    iterations: number;
    converged: boolean;
    note: string | null;
  };
  /** On items with two or more rankings: labelers' pairwise agreement (ties excluded) and the length rule's agreement with each label. */
  agreement: { items: number; human: HealthRate; length_rule: HealthRate };
  models: { rows: HealthModelRow[]; length_coefficient: number | null; compared: number };
  warnings: HealthWarning[];
};
