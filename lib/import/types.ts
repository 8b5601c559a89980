/**
 * The shapes every import format is parsed into (lib/import/formats/*), and what the writer
 * (lib/import/import-file.ts) stores. Parsers are pure: plain values in, these out, no I/O.
 */
export const IMPORT_FORMATS = ['native', 'hh-rlhf', 'trl', 'summarize', 'critiques'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export type ImportMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export type ImportResponse = {
  /** From the row, or derived from the text (stable: the same text gets the same id). */
  externalId: string;
  modelId: string | null;
  text: string;
  metadata: Record<string, unknown>;
};

/** A preference carried by a labeled row: tie groups of response external ids, best first. */
export type ImportLabel = { worker: string | null; ranking: string[][] };

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
};

export type ImportCritique = {
  line: number;
  /** External id of the response (or, later, flawed variant) the critiques are about. */
  responseExternalId: string;
  critiques: string[];
  modelId: string | null;
};

/** One bad row: where (1-based line, JSON path inside the row) and why, in words a lead can act on. */
export type RowError = { line: number; path: string; message: string };

export type ParseResult = { items: ImportItem[]; critiques: ImportCritique[]; errors: RowError[] };

/** A format's parser: rows in file order; `finish` returns what rows that merge (summarize) still hold. */
export type RowParser = {
  push(line: number, row: unknown): ParseResult;
  finish(): ParseResult;
};
