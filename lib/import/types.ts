/**
 * The shapes every import format is parsed into (lib/import/formats/*), and what the writer
 * (lib/import/import-file.ts) stores. Parsers are pure: plain values in, these out, no I/O.
 */
export const IMPORT_FORMATS = [
  'native',
  'hh-rlhf',
  'trl',
  'summarize',
  'critiques',
  'perturbations',
  'openai-preference',
  'rankings',
  'oasst',
  'arena',
  'helpsteer',
  'prm800k',
  'trl-stepwise',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export type ImportMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export type ImportResponse = {
  /** From the row, or derived from the text (stable: the same text gets the same id). */
  externalId: string;
  modelId: string | null;
  text: string;
  metadata: Record<string, unknown>;
};

/**
 * A preference carried by a labeled row: tie groups of response external ids, best first. With
 * `allUnacceptable` (a Chatbot Arena "tie (bothbad)", a rankings row's all_unacceptable) the
 * ranking is empty, as a labeler's "all unacceptable" judgment is.
 */
export type ImportLabel = { worker: string | null; ranking: string[][]; allUnacceptable?: boolean };

export type ImportItem = {
  /** 1-based line of the row (the first row, for formats that merge several rows into one item). */
  line: number;
  /** From the row, or derived from its content, so re-importing the same row is recognised. */
  externalId: string;
  messages: ImportMessage[];
  responses: ImportResponse[];
  /** The row's fields that have no column of their own. */
  metadata: Record<string, unknown>;
  goldRanking: string[][] | null;
  labels: ImportLabel[];
  /** Routing (issue 10): who may be handed the item. Native rows only; absent means none. */
  requirements?: ImportRequirements;
  /** Step labels of its one response (PRM800K, TRL stepwise; issue 27), stored as IMPORTED step judgments. */
  stepLabels?: ImportStepLabel[];
};

/** One imported step labelling of an item's (first) response: ratings by step from the first, in its explicit steps (response metadata `steps`). */
export type ImportStepLabel = {
  worker: string | null;
  labels: { rating: -1 | 0 | 1; flaw?: string }[];
  /** PRM800K label.finish_reason; null for TRL stepwise rows. */
  finishReason: string | null;
  durationMs: number;
};

/** An item's routing requirement, normalised as lib/pool stores it (lower-case tags). */
export type ImportRequirements = { language: string | null; proficiency: 'WORKING' | 'FLUENT' | 'NATIVE' | null; expertise: string | null };

export type ImportCritique = {
  line: number;
  /** External id (or uuid) of the response the critiques are about. */
  responseExternalId: string;
  /** Set when they critique a flawed variant of that response: the perturbation's external id or uuid. */
  perturbationRef: string | null;
  critiques: string[];
  modelId: string | null;
};

/** A critique carried inside a perturbation row. */
export type ImportCritiqueText = { text: string; modelId: string | null };

/** A flawed variant of a response (PRODUCT §3.3), with its flaw and optional critiques of both texts. */
export type ImportPerturbation = {
  line: number;
  /** From the row, or derived from its content, so re-importing the same row is recognised. */
  externalId: string;
  /** The source: a response (external id or uuid), optionally inside an item; or an item whose one marked source it is. */
  itemRef: string | null;
  responseRef: string | null;
  flawedText: string;
  description: string;
  category: 'ACCURACY' | 'COVERAGE' | 'COHERENCE' | 'HARMFUL' | 'OTHER';
  severity: number;
  missableBecause: string;
  authorEmail: string | null;
  status: 'ACCEPTED' | 'SUBMITTED';
  critiques: { original: ImportCritiqueText[]; flawed: ImportCritiqueText[] };
};

/** One bad row: where (1-based line, JSON path inside the row) and why, in words a lead can act on. */
export type RowError = { line: number; path: string; message: string };

export type ParseResult = { items: ImportItem[]; critiques: ImportCritique[]; errors: RowError[]; perturbations?: ImportPerturbation[] };

/** A format's parser: rows in file order; `finish` returns what rows that merge (summarize) still hold. */
export type RowParser = {
  push(line: number, row: unknown): ParseResult;
  finish(): ParseResult;
};
