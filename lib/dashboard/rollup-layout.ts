// The vectors of dashboard_rollups (prisma/migrations/*_dashboard_rollups: dash_*_contrib), by kind.
// Each is a sum over the project's stats rows, kept by triggers and folded on read (fold-rollups.ts).

/** kind 'unit', per resampling bucket: items that enter agreement, items that can have games, then their sums. */
export const UNIT = {
  agreementItems: 0,
  gameItems: 1,
  /** agree, compared, agreeTies, comparedTies, Σ W, count W, the 28 Likert cells, flagValues: getAgreementSummary's vector. */
  sums: 2,
  width: 37,
} as const;

/** kind 'flag', per (bucket, flag): both, mixed, item rows. kind 'game', per (bucket, modelA, modelB): games, winsA, item rows. */
export const FLAG = { both: 0, mixed: 1, rows: 2 } as const;
export const GAME = { games: 0, winsA: 1, rows: 2 } as const;

/** kind 'user', per labeler (k1): sums of their judgment_stats rows. */
export const USER = {
  labels: 0,
  looAgree: 1,
  looCompared: 2,
  looAgreeSq: 3,
  looCross: 4,
  looComparedSq: 5,
  countedAgree: 6,
  countedCompared: 7,
  goldAgree: 8,
  goldCompared: 9,
  firstWins: 10,
  firstLosses: 11,
  firstNullVariance: 12,
  longerWins: 13,
  longerCompared: 14,
  labeled: 15,
  labeledOnGold: 16,
} as const;

/** kind 'week' (k1 = ISO week): earlierAgree, earlierCompared of counted judgments. kind 'wbin' (k1 = bin 0–9): items. kind 'dur' (unit = bin, k1 = labeler): labeled judgments. */
export const WEEK = { agree: 0, compared: 1 } as const;

export type RollupKind = 'unit' | 'flag' | 'game' | 'wbin' | 'user' | 'week' | 'dur';

export type RollupRow = { kind: RollupKind; unit: number; k1: string; k2: string; v: number[] };

/** The value at `at`, 0 past the end (vectors of rows that add nothing there are shorter). */
export const at = (v: number[], i: number) => v[i] ?? 0;
