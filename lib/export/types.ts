import type { ArenaVote } from '@/lib/arena/types';
import type { TFlaw } from '@/lib/judgments/schemas';
import type { ImportMessage } from '@/lib/import/types';
import type { ExportDetectTrial, ExportPerturbation } from '@/lib/export/critique-eval-rows';

/**
 * What the export writers read: one item with everything its rows may need, already filtered by
 * the query (labelers excluded by a lead, judgments outside the date range and invalid items
 * are never loaded). The pure functions in this folder turn it into rows.
 */
export type ExportResponse = {
  id: string;
  externalId: string | null;
  modelId: string | null;
  text: string;
  /** Imported hh-rlhf replies (issue 19): what stood between "\n\nAssistant:" and the reply when it was not one space (lib/export/hh-transcript.ts). */
  hhSeparator?: string | null;
  /** Scores or attribute ratings a dataset carried for the response (score_chosen, HelpSteer2 attributes, …); written in "raw" rows. */
  importedScores?: Record<string, unknown> | null;
};

export type ExportJudgment = {
  judgmentId: string;
  /** Stable pseudonym of the labeler ("labeler-3f9a…"), never a name or email. */
  labeler: string;
  source: 'LABELED' | 'IMPORTED';
  ranking: string[][];
  allUnacceptable: boolean;
  /** The last tie group is "the rest tie below" (responses the labeler left unplaced and declared equal); absent = false. */
  restGroupedBelow?: boolean;
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
  /** "raw" only (issue 25): the assignment's assistance arm (null: none drawn) and its requests to the assistant; absent otherwise. */
  assistanceArm?: 'assisted' | 'unassisted' | null;
  assistance?: ExportAssistanceRequest[];
  /** Aspect answers (issue 27), by aspect name; absent or empty when the judgment has none. */
  aspects?: ExportAspectAnswer[];
};

/** One request to the assistant while labeling, with its answer and provenance (lib/assist; "raw" rows). */
export type ExportAssistanceRequest = {
  kind: string;
  /** "rank" (the Assistant panel) or "detect" ("ask for more", on demand). */
  taskKind: string;
  responseId: string | null;
  responseLabel: string | null;
  claim: string | null;
  claimStart: number | null;
  claimEnd: number | null;
  status: string;
  answer: string | null;
  errorKind: string | null;
  connection: string | null;
  model: string | null;
  modelReported: string | null;
  templateVersion: string;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number | null;
  requestedAt: string;
  answeredAt: string | null;
  lookMs: number;
};

/** One aspect answered with a judgment: "same as overall" (ranking null) or an own ranking, with the aspect as the labeler saw it. */
export type ExportAspectAnswer = { aspect: string; description: string; sameAsOverall: boolean; ranking: string[][] | null };

export type ExportItem = {
  itemId: string;
  externalId: string | null;
  messages: ImportMessage[];
  responses: ExportResponse[];
  isGold: boolean;
  judgments: ExportJudgment[];
  /** A lead's adjudicated ranking: it replaces the judgments in pair and consensus rows. */
  adjudicatedRanking: string[][] | null;
  /** Imported hh-rlhf rows (issue 19): the conversation text as imported, when rendering the messages would not give it back. */
  hhPrefix?: string | null;
  /** Accepted demonstrations (loaded for the "sft" format only). */
  demonstrations?: ExportDemonstration[];
  /** Accepted perturbations of its responses (loaded for the "perturbations" format only). */
  perturbations?: ExportPerturbation[];
  /** The votes of the item's chat battles (loaded for the "arena", "pairs-chat" and "rankings" formats only; lib/chat/find-arena-votes.ts). */
  chatVotes?: ArenaVote[];
  /** Submitted detect trials (loaded for the "detect-trials" format only). */
  detectTrials?: ExportDetectTrial[];
  /** AI judge labels (issue 25; loaded for the "judge" format and for pairs with include_judge only). */
  judgeLabels?: ExportJudgeLabel[];
  /** The item's metadata fields an export needs (the split key's field when splitting by one); absent otherwise. */
  metadata?: Record<string, unknown>;
  /** Step labellings of its responses (loaded for the step formats only; issue 27). */
  stepJudgments?: ExportStepJudgment[];
};

/** One step labelling of a response: the steps as shown or imported, the ratings by step from the first. */
export type ExportStepJudgment = {
  stepJudgmentId: string;
  responseId: string;
  labeler: string;
  source: 'LABELED' | 'IMPORTED';
  steps: string[];
  labels: { rating: -1 | 0 | 1; flaw?: string }[];
  finalAnswer: 'CORRECT' | 'INCORRECT' | 'CANT_TELL' | null;
  finishReason: string | null;
  durationMs: number;
  createdAt: string;
  /** The item's PRM800K question fields (metadata `prm800k`), written back in prm800k rows. */
  question: Record<string, unknown> | null;
};

/** One AI judge label with its provenance (lib/judge; never a human label). */
export type ExportJudgeLabel = {
  labelId: string;
  jobId: string;
  connection: string;
  model: string;
  modelReported: string | null;
  templateVersion: number;
  reversed: boolean;
  shownOrder: string[];
  ranking: string[][];
  ratings: { responseId: string; likert: number; flags: string[] }[];
  reason: string;
  createdAt: string;
};

/** A reply a labeler wrote for the item's conversation and a lead accepted. */
export type ExportDemonstration = { demonstrationId: string; labeler: string; text: string };

export const PAIR_FORMATS = ['pairs', 'pairs-chat', 'hh', 'openai-dpo', 'axolotl-dpo', 'openrlhf'] as const;
export const EXPORT_FORMATS = [
  ...PAIR_FORMATS,
  'rankings',
  'raw',
  'sft',
  'perturbations',
  'detect-trials',
  'judge',
  'kto',
  'trl-stepwise',
  'prm800k',
  'arena',
] as const;
/** The step-label formats (issue 27): their rows come from step judgments (lib/export/step-rows.ts). */
export const STEP_FORMATS = ['trl-stepwise', 'prm800k'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type PairFormat = (typeof PAIR_FORMATS)[number];

export type PairOptions = {
  /** per-labeler: every judgment's strict pairs; consensus: one row per response pair, by the consensus order (lib/export/consensus-order.ts). */
  mode: 'per-labeler' | 'consensus';
  /** Tied pairs are dropped, or kept with "tie": true (formats that cannot say "tie" always drop them). */
  ties: 'drop' | 'keep';
  /** No margin column (default), the vote-share difference, or the Likert difference chosen − rejected. */
  margin: 'none' | 'votes' | 'likert';
  /** A pair whose margin cannot be computed (an unscored response): left out and counted, or margin 0.0. */
  marginMissing: 'skip' | 'zero';
  /** Keep negative margins (the Likert scores contradict the ranking); by default they are 0.0. */
  marginSigned: boolean;
  /** Pair weight: each expanded ranking sums to 1 (1/its pairs), or each prompt (item) sums to 1. */
  pairWeight: 'ranking' | 'prompt';
  /** Text prompt template of "pairs": hh-style turns ("\n\nHuman: …\n\nAssistant:", replies after a space), or the bare user text. */
  promptTemplate: 'hh' | 'none';
  /** An item the format cannot hold as it is (a conversation in "pairs"): rendered with the template, or left out and counted. */
  multiTurn: 'render' | 'skip';
  /** Consensus: fewest votes (either side or tie) a pair needs. */
  minVotes: number;
  /** Fewest item agreement (pairwise, ties excluded) an item needs; null = no minimum. Items with fewer than two rankings have no agreement and are left out when a minimum is set. */
  minAgreement: number | null;
  excludeGold: boolean;
  /** Responses any included labeler flagged with one of these are left out of every pair. */
  excludeFlags: string[];
  /** Share of split groups in the validation split, by a stable hash of the group key. */
  validationShare: number;
  /** The split's grouping key (lib/export/split.ts): "conversation", "first_turn" or "metadata:<field>". */
  splitBy: string;
  /** Issue 25: also the AI judge's pairs (its labels in the shown order), every row marked "source"; off by default. */
  includeJudge?: boolean;
};

export const DEFAULT_PAIR_OPTIONS: PairOptions = {
  mode: 'per-labeler',
  ties: 'drop',
  margin: 'none',
  marginMissing: 'skip',
  marginSigned: false,
  pairWeight: 'ranking',
  promptTemplate: 'hh',
  multiTurn: 'render',
  minVotes: 1,
  minAgreement: null,
  excludeGold: false,
  excludeFlags: [],
  validationShare: 0.1,
  splitBy: 'conversation',
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
  /** null when no margin was asked for (the column is not written). */
  margin: number | null;
  /** Per-labeler: 1/(pairs its ranking gave) or 1/(pairs of its item), as the options say; consensus: 1 or 1/(pairs of its item). */
  weight: number;
  /** Per-labeler rows: the labeler's pseudonym ("adjudication" for a lead's ranking); consensus rows: null. */
  labeler: string | null;
  split: Split;
  /** Only with include_judge: whose preference the row is. */
  source?: 'human' | 'judge';
};
