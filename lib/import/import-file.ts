import { createHash } from 'node:crypto';
import type pg from 'pg';
import { getPgPool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { itemContentHash } from '@/lib/import/content-hash';
import { createParser, detectFormat, unknownFormatMessage } from '@/lib/import/detect-format';
import { readJsonLines } from '@/lib/import/read-json-lines';
import type { ImportCritique, ImportFormat, ImportItem, ImportPerturbation, ParseResult, RowError } from '@/lib/import/types';
import { DEFAULT_IMPORT_RULES, type ImportRules } from '@/lib/import/validate-item';
import { findExistingItems, findResponses, insertItems } from '@/lib/import/write-batch';
import { insertLabels } from '@/lib/import/write-labels';
import { critiqueRowsOf, findAuthors, findPerturbationRefs, findStoredPerturbations, flawedTextProblem, insertCritiqueRows, insertPerturbations, resolveSources } from '@/lib/import/write-perturbations';

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
  /** Perturbation files: perturbations created, and already present (same id) from an earlier import. */
  perturbationsCreated: number;
  perturbationsSkipped: number;
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

type Sink = { items(batch: ImportItem[]): Promise<void>; critiques(batch: ImportCritique[]): Promise<void>; perturbations(batch: ImportPerturbation[]): Promise<void> };

/** Streams the file through its parser, handing items and critiques to `sink` in batches; returns the row count. */
async function pass(options: ImportFileOptions, rules: ImportRules, state: { format: ImportFormat | null; errors: ErrorLog }, sink: Sink, phase: 'validate' | 'write') {
  let parser: ReturnType<typeof createParser> | null = null;
  let rows = 0;
  let items: ImportItem[] = [];
  let critiques: ImportCritique[] = [];
  let perturbations: ImportPerturbation[] = [];
  const take = async (result: ParseResult, flushAll = false) => {
    for (const e of result.errors) state.errors.add(e);
    items.push(...result.items);
    critiques.push(...result.critiques);
    perturbations.push(...(result.perturbations ?? []));
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
    if (perturbations.length >= BATCH || (flushAll && perturbations.length > 0)) {
      const batch = perturbations;
      perturbations = [];
      await sink.perturbations(batch);
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
        state.errors.add({ line: row.line, path: '', message: unknownFormatMessage(row.value) });
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
  const critiqueRows = async (db: typeof pool | pg.PoolClient, batch: ImportCritique[]) => {
    const responses = await findResponses(db, options.projectId, batch.map((c) => c.responseExternalId));
    const refs = batch.flatMap((c) => (c.perturbationRef === null ? [] : [c.perturbationRef]));
    return critiqueRowsOf(batch, responses, await findPerturbationRefs(db, options.projectId, refs));
  };
  const checkCritiques = async (batch: ImportCritique[]) => {
    for (const e of (await critiqueRows(pool, batch)).errors) state.errors.add(e);
  };
  // Perturbation rows: known sources, a real change, known authors, ids unique in the file and not
  // stored with other content. The changed span itself is computed when writing.
  const firstPerturbationLine = new Map<string, number>();
  const perturbationRows = async (db: typeof pool | pg.PoolClient, batch: ImportPerturbation[]) => {
    // One after the other: in the write pass `db` is the transaction's single connection.
    const sources = await resolveSources(db, options.projectId, batch);
    const stored = await findStoredPerturbations(db, options.projectId, batch.map((p) => p.externalId));
    const authors = await findAuthors(db, [...new Set(batch.flatMap((p) => (p.authorEmail === null ? [] : [p.authorEmail])))]);
    const errors: RowError[] = [];
    const rows: Parameters<typeof insertPerturbations>[1]['rows'] = [];
    for (const p of batch) {
      const source = sources.get(p.line);
      if (!source || 'message' in source) {
        if (source) errors.push(source);
        continue;
      }
      const problem = flawedTextProblem(p, source);
      if (problem) errors.push(problem);
      const authorId = p.authorEmail === null ? null : (authors.get(p.authorEmail) ?? null);
      if (p.authorEmail !== null && authorId === null) errors.push({ line: p.line, path: 'author_email', message: `No user with email "${p.authorEmail}"` });
      const existing = stored.get(p.externalId);
      if (existing && (existing.responseId !== source.responseId || existing.flawedText !== p.flawedText)) {
        errors.push({ line: p.line, path: 'id', message: `Perturbation "${p.externalId}" already exists in this project with a different text or source; give the changed row a new id` });
      }
      rows.push({ p, source, authorId, existingId: existing?.id ?? null });
    }
    return { rows, errors };
  };
  const checkPerturbations = async (batch: ImportPerturbation[]) => {
    for (const p of batch) {
      const seen = firstPerturbationLine.get(p.externalId);
      if (seen !== undefined) state.errors.add({ line: p.line, path: 'id', message: `Duplicate perturbation id "${p.externalId}" (first on line ${seen})` });
      else firstPerturbationLine.set(p.externalId, p.line);
    }
    for (const e of (await perturbationRows(pool, batch)).errors) state.errors.add(e);
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
  const rows = await pass(hashing, rules, state, { items: checkItems, critiques: checkCritiques, perturbations: checkPerturbations }, 'validate');
  const fileKey = fileHash.digest('hex');
  if (state.errors.count > 0 || !state.format) {
    return { ok: false, format: state.format, rows, errorCount: state.errors.count, errors: state.errors.first };
  }

  const format = state.format;
  const summary: ImportSummary = { format, rows, itemsCreated: 0, itemsSkipped: 0, responsesCreated: 0, critiquesCreated: 0, critiquesSkipped: 0, perturbationsCreated: 0, perturbationsSkipped: 0, labelsCreated: 0, labelsSkipped: 0 };
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
      const { rows: critiques, errors } = await critiqueRows(client, batch);
      if (errors[0]) throw new ImportConflict({ ...errors[0], message: `${errors[0].message} (changed by another import meanwhile; import again)` });
      const created = await insertCritiqueRows(client, critiques);
      summary.critiquesCreated += created;
      summary.critiquesSkipped += critiques.length - created;
    };
    const writePerturbations = async (batch: ImportPerturbation[]) => {
      // Checked again under the lock: another import may have landed since pass 1.
      const { rows: toWrite, errors } = await perturbationRows(client, batch);
      if (errors[0]) throw new ImportConflict({ ...errors[0], message: `${errors[0].message} (changed by another import meanwhile; import again)` });
      const [created, critiquesCreated, critiquesGiven] = await insertPerturbations(client, { projectId: options.projectId, actorId: options.actorId, rows: toWrite });
      summary.perturbationsCreated += created;
      summary.perturbationsSkipped += toWrite.length - created;
      summary.critiquesCreated += critiquesCreated;
      summary.critiquesSkipped += critiquesGiven - critiquesCreated;
    };
    await pass(options, rules, { format, errors: new ErrorLog() }, { items: writeItems, critiques: writeCritiques, perturbations: writePerturbations }, 'write');
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
