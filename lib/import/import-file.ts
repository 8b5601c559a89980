import { createHash } from 'node:crypto';
import { getPgPool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { itemContentHash } from '@/lib/import/content-hash';
import { createParser, detectFormat } from '@/lib/import/detect-format';
import { readJsonLines } from '@/lib/import/read-json-lines';
import type { ImportCritique, ImportFormat, ImportItem, ParseResult, RowError } from '@/lib/import/types';
import { DEFAULT_IMPORT_RULES, type ImportRules } from '@/lib/import/validate-item';
import { findExistingItems, findResponses, insertCritiques, insertItems } from '@/lib/import/write-batch';
import { insertLabels } from '@/lib/import/write-labels';

export const MAX_REPORTED_ERRORS = 100;
const BATCH = 500;

export type ImportSummary = {
  format: ImportFormat;
  rows: number;
  itemsCreated: number;
  itemsSkipped: number;
  responsesCreated: number;
  critiquesCreated: number;
  critiquesSkipped: number;
  /** Imported preferences (with `withLabels`): judgments created, and already present from an earlier import. */
  labelsCreated: number;
  labelsSkipped: number;
};

export type ImportOutcome =
  | { ok: true; summary: ImportSummary }
  | { ok: false; format: ImportFormat | null; rows: number; errorCount: number; errors: RowError[] };

export type ImportFileOptions = {
  projectId: string;
  actorId: string | null;
  /** Omitted or 'auto': detected from the first row. */
  format?: ImportFormat | 'auto';
  /** Also store the preferences labeled rows carry (hh-rlhf, TRL, summarize) as IMPORTED judgments. */
  withLabels?: boolean;
  /** Opens the file from the start; called once per pass (twice), so the file is never held in memory. */
  open: () => AsyncIterable<Uint8Array>;
  onProgress?: (progress: { phase: 'validate' | 'write'; rows: number }) => void;
};

type Sink = { items(batch: ImportItem[]): Promise<void>; critiques(batch: ImportCritique[]): Promise<void> };

/** Streams the file through its parser, handing items and critiques to `sink` in batches; returns the row count. */
async function pass(options: ImportFileOptions, rules: ImportRules, state: { format: ImportFormat | null; errors: ErrorLog }, sink: Sink, phase: 'validate' | 'write') {
  let parser: ReturnType<typeof createParser> | null = null;
  let rows = 0;
  let items: ImportItem[] = [];
  let critiques: ImportCritique[] = [];
  const take = async (result: ParseResult, flushAll = false) => {
    for (const e of result.errors) state.errors.add(e);
    items.push(...result.items);
    critiques.push(...result.critiques);
    if (items.length >= BATCH || (flushAll && items.length > 0)) {
      const batch = items;
      items = [];
      await sink.items(batch);
    }
    if (critiques.length >= BATCH || (flushAll && critiques.length > 0)) {
      const batch = critiques;
      critiques = [];
      await sink.critiques(batch);
    }
  };
  for await (const row of readJsonLines(options.open())) {
    rows += 1;
    if (rows % 5000 === 0) options.onProgress?.({ phase, rows });
    if ('error' in row) {
      state.errors.add(row.error);
      continue;
    }
    if (!parser) {
      state.format ??= detectFormat(row.value);
      if (!state.format) {
        state.errors.add({ line: row.line, path: '', message: 'Unknown format: expected native rows ("responses"), hh-rlhf or TRL pairs ("chosen"/"rejected"), summarize-from-feedback ("info"/"summaries") or critiques ("response_id"/"critiques")' });
        return rows;
      }
      parser = createParser(state.format, rules);
    }
    await take(parser.push(row.line, row.value));
  }
  if (parser) await take(parser.finish(), true);
  return rows;
}

class ErrorLog {
  count = 0;
  readonly first: RowError[] = [];
  add(error: RowError) {
    this.count += 1;
    if (this.first.length < MAX_REPORTED_ERRORS) this.first.push(error);
  }
}

/**
 * Imports a JSON Lines file into a project, all or nothing. Pass 1 reads the whole file and
 * checks every row (format rules, ids unique in the file, conflicts with items already
 * stored, critiques' responses exist); any error means nothing is written. Pass 2 reads it
 * again and writes in batches inside one transaction, under a per-project lock.
 */
export async function importFile(options: ImportFileOptions): Promise<ImportOutcome> {
  const pool = getPgPool();
  const project = await pool.query<{ minResponses: number; maxResponses: number }>(`SELECT "minResponses", "maxResponses" FROM projects WHERE id = $1`, [options.projectId]);
  const limits = project.rows[0];
  if (!limits) throw new Error(`No project ${options.projectId}`);
  const rules: ImportRules = { ...DEFAULT_IMPORT_RULES, minResponses: limits.minResponses, maxResponses: limits.maxResponses, maxResponseChars: getEnv().IMPORT_MAX_RESPONSE_CHARS };
  const state = { format: options.format && options.format !== 'auto' ? options.format : null, errors: new ErrorLog() };

  const firstLine = new Map<string, number>();
  const checkItems = async (batch: ImportItem[]) => {
    const existing = await findExistingItems(pool, options.projectId, batch.map((i) => i.externalId));
    for (const item of batch) {
      const seen = firstLine.get(item.externalId);
      if (seen !== undefined) state.errors.add({ line: item.line, path: 'id', message: `Duplicate item id "${item.externalId}" (first on line ${seen})` });
      else firstLine.set(item.externalId, item.line);
      const stored = existing.get(item.externalId);
      if (existing.has(item.externalId) && stored !== itemContentHash(item)) {
        state.errors.add({ line: item.line, path: 'id', message: `Item "${item.externalId}" already exists in this project with different content; give the changed row a new id` });
      }
    }
  };
  const checkCritiques = async (batch: ImportCritique[]) => {
    const found = await findResponses(pool, options.projectId, batch.map((c) => c.responseExternalId));
    for (const c of batch) {
      const ids = found.get(c.responseExternalId) ?? [];
      if (ids.length === 0) state.errors.add({ line: c.line, path: 'response_id', message: `No response with id "${c.responseExternalId}" in this project` });
      if (ids.length > 1) state.errors.add({ line: c.line, path: 'response_id', message: `Response id "${c.responseExternalId}" is used by ${ids.length} responses in this project; it must be unique` });
    }
  };
  // Rows without a worker are attributed to one imported labeler per file, keyed by the file's hash.
  const fileHash = createHash('sha256');
  const hashing: ImportFileOptions = {
    ...options,
    open: async function* () {
      for await (const chunk of options.open()) {
        fileHash.update(chunk);
        yield chunk;
      }
    },
  };
  const rows = await pass(hashing, rules, state, { items: checkItems, critiques: checkCritiques }, 'validate');
  const fileKey = fileHash.digest('hex');
  if (state.errors.count > 0 || !state.format) {
    return { ok: false, format: state.format, rows, errorCount: state.errors.count, errors: state.errors.first };
  }

  const format = state.format;
  const summary: ImportSummary = { format, rows, itemsCreated: 0, itemsSkipped: 0, responsesCreated: 0, critiquesCreated: 0, critiquesSkipped: 0, labelsCreated: 0, labelsSkipped: 0 };
  const labelers = new Map<string, string>();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(3, hashtext($1))', [options.projectId]);
    const writeItems = async (batch: ImportItem[]) => {
      // Checked again under the lock: another import may have landed since pass 1.
      const existing = await findExistingItems(client, options.projectId, batch.map((i) => i.externalId));
      const fresh = batch.filter((i) => !existing.has(i.externalId));
      for (const item of batch) {
        if (existing.has(item.externalId) && existing.get(item.externalId) !== itemContentHash(item)) {
          throw new ImportConflict({ line: item.line, path: 'id', message: `Item "${item.externalId}" was changed by another import meanwhile; import again` });
        }
      }
      summary.itemsSkipped += batch.length - fresh.length;
      summary.itemsCreated += fresh.length;
      summary.responsesCreated += await insertItems(client, options.projectId, fresh);
      if (options.withLabels) {
        const [created, skipped] = await insertLabels(client, { projectId: options.projectId, format, fileKey, items: batch, labelers });
        summary.labelsCreated += created;
        summary.labelsSkipped += skipped;
      }
    };
    const writeCritiques = async (batch: ImportCritique[]) => {
      const found = await findResponses(client, options.projectId, batch.map((c) => c.responseExternalId));
      const rowsToWrite = batch.map((critique) => ({ responseId: found.get(critique.responseExternalId)?.[0] ?? '', critique }));
      const created = await insertCritiques(client, rowsToWrite.filter((r) => r.responseId));
      summary.critiquesCreated += created;
      summary.critiquesSkipped += batch.reduce((n, c) => n + c.critiques.length, 0) - created;
    };
    await pass(options, rules, { format, errors: new ErrorLog() }, { items: writeItems, critiques: writeCritiques }, 'write');
    await client.query(
      `INSERT INTO audit_events ("actorId", "projectId", action, "targetType", "targetId", data) VALUES ($1, $2::uuid, 'project.import', 'project', $2::text, $3)`,
      [options.actorId, options.projectId, JSON.stringify(summary)],
    );
    await client.query('COMMIT');
    return { ok: true, summary };
  } catch (error) {
    await client.query('ROLLBACK');
    if (error instanceof ImportConflict) return { ok: false, format: state.format, rows, errorCount: 1, errors: [error.rowError] };
    throw error;
  } finally {
    client.release();
  }
}

class ImportConflict extends Error {
  constructor(readonly rowError: RowError) {
    super(rowError.message);
  }
}
