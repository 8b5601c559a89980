// The lead dashboard's data (PRODUCT §5): what each widget receives. Server-side functions in
// lib/dashboard build these; components render them. Everything a labeler must not see (model
// ids, other labelers) is in here, so only LEAD / RESEARCHER / ADMIN pages may call them.
import type { StepGoldScore } from '@/lib/steps/step-gold';
import type { Interval } from '@/lib/stats/bootstrap';

export type { Interval };

/** A share with the counts behind it. rate is NaN when compared = 0. */
export type Share = { hits: number; compared: number; rate: number };

export type ProgressSummary = {
  itemsTotal: number;
  /** Every ranking slot submitted (overlap reached). */
  itemsComplete: number;
  /** At least one slot held or submitted, not complete. */
  itemsInProgress: number;
  itemsUntouched: number;
  /** Labeled (not imported) judgments per UTC day, oldest first, the last 30 days with zeros filled in. */
  labelsPerDay: { day: string; labels: number }[];
  /** Mean judgments per day over the last 7 days. */
  throughputPerDay: number;
  /** Judgments that can still be given / throughput; null when throughput is 0. */
  etaDays: number | null;
  /** Ranking slots still open over all items (overlap − submitted). */
  judgmentsNeeded: number;
  /** Of those, the ones some qualified labeler could still give (see getProgressSummary). */
  judgmentsGivable: number;
  /** Items with more open slots than labelers who could still take them (starving, as the pool page lists them). */
  itemsStarving: number;
  /**
   * Issue 23: current (`behind` false, as of the view) or, when too much changed since the last
   * fold to fold inside the view, the last folded figures (`asOf` that fold; null: never folded,
   * the figures are zeros) while the background fold runs.
   */
  freshness: FigureFreshness;
};

export type AgreementSummary = {
  /** Items with at least two (non-excluded) judgments. */
  items: number;
  /** Pairwise ranking agreement, ties excluded; 95% bootstrap over items. */
  pairwise: Interval;
  /** The variant where a tie on one side counts as disagreement. */
  pairwiseTiesAsDisagreement: Interval;
  /** Krippendorff's alpha (ordinal) on Likert scores, units = responses; 95% bootstrap over items. */
  likertAlpha: Interval;
  /**
   * Krippendorff's alpha (nominal) per response flag (present / absent per rating; units = responses
   * rated by two or more labelers), 95% bootstrap over items; the current taxonomy's flags first,
   * then any other flag found in ratings. items = items where at least one labeler set the flag.
   */
  flagAlpha: { flag: string; label: string; alpha: Interval; items: number }[];
  /** Kendall's W per item (tie-corrected): mean with a 95% bootstrap over items, and a histogram of 10 bins over [0, 1]. */
  kendallW: { mean: Interval; items: number; histogram: { from: number; to: number; items: number }[] };
  /** Pairwise agreement per ISO week of the later judgment, oldest first. */
  overTime: { week: string; rate: number; compared: number }[];
  /** PRODUCT §5 reference points, shown beside ours. */
  reference: { label: string; value: number; plusMinus: number | null }[];
  bootstrap: BootstrapInfo;
  /** When the intervals (low, high) were computed; the estimates are always current. */
  intervals: IntervalFreshness;
};

/**
 * Bootstrap intervals are computed off the request path and cached (lib/dashboard/interval-cache.ts):
 * `asOf` when they were computed, `behind` when the data changed since (the estimates beside them
 * are current; the intervals are being recomputed).
 */
export type IntervalFreshness = {
  asOf: Date;
  behind: boolean;
  /** The estimates too are of the rollups as last folded: a backlog of changes is being folded in the background (fold-rollups.ts). */
  estimatesBehind?: true;
};

/**
 * A figure cached whole off the request path (abuse alarms, group breakdowns;
 * lib/dashboard/figure-cache.ts): `asOf` when it was computed (null: never, it is being computed),
 * `behind` when the data changed since (the job that recomputes it is queued).
 */
export type FigureFreshness = { asOf: Date | null; behind: boolean };

/**
 * How the intervals were resampled, for a footnote. Up to 1,024 items are resampled one by one;
 * larger projects in 1,024 fixed groups of items (by a hash of the item id), which keeps the cost
 * flat and the interval width unbiased (groups are random sets of items).
 */
export type BootstrapInfo = { resamples: number; seed: number; units: number; grouped: boolean };

export type LabelerAlarm = 'low_agreement' | 'position_bias';

export type LabelerQualityRow = {
  userId: string;
  name: string;
  email: string;
  labels: number;
  medianDurationMs: number | null;
  /** Skipped / (skipped + submitted). */
  skipRate: number;
  /** Agreement of their strict pairs with the leave-one-out consensus of the other labelers on the same items. */
  looAgreement: Share;
  /** Strict pairs agreeing with gold rankings (and adjudicated rankings); null when no gold judged. */
  goldAccuracy: Share | null;
  /** Their rankings (not imported) on items that are gold now, of all their rankings: the gold rate they actually got (settings.goldRate is the target). */
  goldShare: Share;
  /** Steps gold (issue 27): their step labels against the lead's gold labels of steps items; null when they labelled none. */
  stepGold: StepGoldScore | null;
  /**
   * Share of strict pairs involving the first-shown response that it wins (expected 0.5), with a
   * two-sided p-value from the shuffle itself: were the shown order ignored, the first-shown
   * response would be any of the item's responses with equal chance (normal approximation with
   * that exact null variance). Imported judgments have no shown order.
   */
  positionBias: Share & { p: number };
  /** Share of strict pairs (with different lengths) won by the longer response. */
  lengthBias: Share;
  /**
   * One-sided binomial p-value of looAgreement below the project's rate (the other counted
   * labelers' leave-one-out rate), with counts shrunk by the design effect of pairs clustered in
   * judgments (≥ 1), so an honest labeler's correlated pairs do not raise false alarms. NaN when
   * nothing was compared.
   */
  agreementP: number;
  alarms: LabelerAlarm[];
  paused: boolean;
  excluded: boolean;
};

export type ModelScores = {
  /** Bradley–Terry ratings (Elo-like scale), 95% bootstrap over items, best first. */
  leaderboard: { modelId: string; rating: Interval; games: number }[];
  /** rates[i][j] = share of games model i won against model j (ties half); null when they never met. Models in leaderboard order. */
  winMatrix: { models: string[]; rates: (number | null)[][]; games: number[][] };
  bootstrap: BootstrapInfo;
  /** When the ratings' intervals were computed; ratings and the matrix are always current. */
  intervals: IntervalFreshness;
};

export type DisagreementRow = {
  itemId: string;
  externalId: string | null;
  /** The last user turn, cut to 200 characters. */
  preview: string;
  judgments: number;
  /** Pairwise agreement on the item (ties excluded); NaN when nothing comparable. */
  agreement: number;
  adjudicated: boolean;
  /** Issue 25: the AI judge orders a pair against the strict human consensus (true) or not (false); absent when the judge has not labeled it. */
  judgeDisagrees?: boolean;
};

export type DisagreementPage = { rows: DisagreementRow[]; total: number; page: number; pageSize: number };

export type ItemJudgmentsView = {
  itemId: string;
  externalId: string | null;
  messages: { role: string; content: string }[];
  responses: { id: string; modelId: string | null; text: string }[];
  isGold: boolean;
  goldRanking: string[][] | null;
  /** Labelers appear as stable pseudonyms ("Labeler 1", …) in submission order; leads may hover for the name. */
  judgments: {
    judgmentId: string;
    pseudonym: string;
    userId: string;
    name: string;
    source: 'LABELED' | 'IMPORTED';
    ranking: string[][];
    allUnacceptable: boolean;
    likert: Record<string, number | null>;
    flags: Record<string, string[]>;
    flaws: Record<string, { start: number; end: number; category: string; severity: number; comment: string }[]>;
    createdAt: string;
    excluded: boolean;
  }[];
  adjudication: { ranking: string[][] | null; invalid: boolean; note: string; by: string | null; at: string } | null;
};

/**
 * The labeler's own quality for My work: their numbers only, delayed (lib/dashboard/get-my-quality.ts).
 * `asOf`: judgments submitted before it are counted; null figures are not shown yet.
 */
export type MyQuality = {
  looAgreement: (Share & { asOf: Date }) | null;
  goldAccuracy: (Share & { asOf: Date }) | null;
  /** Steps rated as the lead's step gold says (issue 27), over their step labellings before `asOf`; null until minNewTasks gold steps items. */
  stepGold: (Share & { asOf: Date; items: number }) | null;
  /** The batch a figure waits for before it moves. */
  minNewPairs: number;
  minNewTasks: number;
};
