import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '@/generated/kysely/types';
import { getSql, typed, withTransaction } from '@/lib/db';
import { projectTakesPrompts } from '@/lib/import/project-takes-prompts';
import { getEnv } from '@/lib/env';
import { queueItemSearchFill } from '@/lib/items/fill-item-search';
import { log } from '@/lib/log';
import { itemContentHash } from '@/lib/import/content-hash';
import { createParser, detectFormat, unknownFormatMessage } from '@/lib/import/detect-format';
import { jsonLinesSource } from '@/lib/import/json-lines-source';
import { RejectTally, type RejectReason } from '@/lib/import/group-rejects';
import { placeError, type PlacedRowError, type RowSource } from '@/lib/import/row-source';
import type { ImportCritique, ImportFormat, ImportItem, ImportPerturbation, ParseResult, RowError } from '@/lib/import/types';
import { DEFAULT_IMPORT_RULES, type ImportRules } from '@/lib/import/validate-item';
import { findUnstorableValue, formatValuePath } from '@/lib/validation/find-unstorable-value';
import { findExistingItems, findResponses, insertItems } from '@/lib/import/write-batch';
import { insertLabels } from '@/lib/import/write-labels';
import { insertStepLabels } from '@/lib/import/write-step-labels';
import {
  critiqueRowsOf,
  findAuthors,
  findPerturbationRefs,
  findStoredPerturbations,
  flawedTextProblem,
  insertCritiqueRows,
  insertPerturbations,
  resolveSources,
} from '@/lib/import/write-perturbations';

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
  /** Lenient imports only (`skipInvalid`): the rows refused and left out, and why, grouped by reason. */
  rejected?: { rows: number; errors: number; byReason: RejectReason[] };
};

/** Where an import stands: rows checked (pass 1) or written (pass 2), bytes read of the pass. */
export type ImportProgress = {
  phase: 'validate' | 'write';
  rows: number;
  bytes: number;
  format: ImportFormat | null;
  /** The pass has read every row. */ done?: boolean;
};

export type ImportOutcome =
  | { ok: true; summary: ImportSummary }
  | { ok: false; format: ImportFormat | null; rows: number; errorCount: number; errors: PlacedRowError[] };

export type ImportFileOptions = {
  projectId: string;
  actorId: string | null;
  /** Omitted or 'auto': detected from the first row. */
  format?: ImportFormat | 'auto';
  /** Also store the preferences labeled rows carry (hh-rlhf, TRL, summarize) as IMPORTED judgments. */
  withLabels?: boolean;
  /** Lenient: import the valid rows, leave the refused ones out and hand them to `onRejects`. */
  skipInvalid?: boolean;
  /** Every refused row of a lenient import (line, field, reason; `file` in dataset folders), in batches. */
  onRejects?: (rejects: PlacedRowError[]) => Promise<void>;
  /** Called every few hundred rows; awaited, so a slow sink slows the import rather than piling up. */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
} & (
  | {
      /** JSON Lines bytes from the start; called once per pass (twice), so the file is never held in memory. */
      open: () => AsyncIterable<Uint8Array>;
      source?: undefined;
    }
  | {
      /** Rows from any container (lib/import/open-row-source.ts): JSON Lines, Parquet, a dataset folder. */
      source: RowSource;
      open?: undefined;
    }
);

const PROGRESS_EVERY = 500;

type Sink = {
  items(batch: ImportItem[]): Promise<void>;
  critiques(batch: ImportCritique[]): Promise<void>;
  perturbations(batch: ImportPerturbation[]): Promise<void>;
  /** Resolves when every batch handed over is written (a sink may write one batch while the next is read). */
  settle?(): Promise<void>;
};

/**
 * Streams the rows through their parser, handing items and critiques to `sink` in batches; returns
 * the row count. Rows (and what they became) whose line is in `skip` are left out: the refused
 * rows of a lenient import, on its write pass.
 */
async function pass(
  options: ImportFileOptions,
  source: RowSource,
  rules: ImportRules,
  state: { format: ImportFormat | null; errors: ErrorLog; fatal: boolean },
  sink: Sink,
  phase: 'validate' | 'write',
  skip: ReadonlySet<number> = new Set(),
) {
  let parser: ReturnType<typeof createParser> | null = null;
  let rows = 0;
  let bytes = 0;
  let items: ImportItem[] = [];
  let critiques: ImportCritique[] = [];
  let perturbations: ImportPerturbation[] = [];
  const kept = <T extends { line: number }>(list: T[]) => (skip.size === 0 ? list : list.filter((x) => !skip.has(x.line)));
  // Rows of a dataset folder keep their split as item metadata.
  const withSplit = (item: ImportItem): ImportItem => {
    const split = source.container === 'folder' ? source.locate(item.line).split : undefined;
    return split === undefined ? item : { ...item, metadata: { ...item.metadata, split } };
  };
  const take = async (result: ParseResult, flushAll = false) => {
    for (const e of result.errors) state.errors.add(e);
    items.push(...kept(result.items).map(withSplit));
    critiques.push(...kept(result.critiques));
    perturbations.push(...kept(result.perturbations ?? []));
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
  for await (const row of source.rows({ bytes: (n) => (bytes += n) })) {
    rows += 1;
    if (rows % PROGRESS_EVERY === 0) await options.onProgress?.({ phase, rows, bytes, format: state.format });
    if (skip.has(row.line)) continue;
    if ('error' in row) {
      state.errors.add(row.error);
      continue;
    }
    // The storable-input rule every input passes (NUL, unpaired surrogates, depth, 1e400), whatever the container.
    const unstorable = findUnstorableValue(row.value);
    if (unstorable) {
      state.errors.add({ line: row.line, path: formatValuePath(unstorable.path), message: unstorable.message });
      continue;
    }
    if (!parser) {
      state.format ??= detectFormat(row.value);
      if (!state.format) {
        state.fatal = true;
        state.errors.add({ line: row.line, path: '', message: unknownFormatMessage(row.value) });
        return rows;
      }
      parser = createParser(state.format, rules);
    }
    await take(parser.push(row.line, row.value));
  }
  if (parser) await take(parser.finish(), true);
  await sink.settle?.();
  await options.onProgress?.({ phase, rows, bytes, format: state.format, done: true });
  return rows;
}

/**
 * The errors of a pass, placed where the rows are for people (shard and line in dataset folders).
 * All or nothing keeps the first 100; a lenient import also hands every one to `onRejects` in
 * batches and keeps the refused lines (a set of numbers), which the write pass leaves out.
 */
class ErrorLog {
  count = 0;
  readonly first: PlacedRowError[] = [];
  readonly lines = new Set<number>();
  readonly tally = new RejectTally();
  private pending: PlacedRowError[] = [];

  constructor(
    private readonly source: RowSource,
    private readonly onRejects?: (rejects: PlacedRowError[]) => Promise<void>,
  ) {}

  add(error: RowError) {
    const placed = placeError(this.source, error);
    this.count += 1;
    this.lines.add(error.line);
    if (this.first.length < MAX_REPORTED_ERRORS) this.first.push(placed);
    if (this.onRejects) this.pending.push(placed);
    this.tally.add(placed);
  }

  async flush(force = false) {
    if (!this.onRejects || (!force && this.pending.length < BATCH) || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    await this.onRejects(batch);
  }
}

/**
 * Imports a file (JSON Lines, Parquet or a dataset folder: see `source`) into a project, all or
 * nothing. Pass 1 reads every row and checks it (format rules, ids unique in the file, conflicts
 * with items already stored, critiques' responses exist); any error means nothing is written,
 * unless `skipInvalid` was chosen: then the refused rows are handed to `onRejects` and left out.
 * Pass 2 reads the rows again and writes in batches inside one transaction, under a per-project lock.
 */
export async function importFile(options: ImportFileOptions): Promise<ImportOutcome> {
  const outcome = await importAndCommit(options);
  // The new items' search rows are written after the commit, by a job (lib/items/fill-item-search.ts);
  // a search finds them meanwhile. Not queued (the queue unreachable): the minute's sweep queues it.
  if (outcome.ok && outcome.summary.itemsCreated > 0)
    await queueItemSearchFill().catch((error: unknown) => log.warn('could not queue the item search fill; the sweep will', { error }));
  return outcome;
}

async function importAndCommit(options: ImportFileOptions): Promise<ImportOutcome> {
  const limits = await getSql()
    .selectFrom('projects')
    .select(['minResponses', 'maxResponses'])
    .where('id', '=', options.projectId)
    .executeTakeFirst();
  if (!limits) throw new Error(`No project ${options.projectId}`);
  const rules: ImportRules = {
    ...DEFAULT_IMPORT_RULES,
    minResponses: limits.minResponses,
    maxResponses: limits.maxResponses,
    maxResponseChars: getEnv().IMPORT_MAX_RESPONSE_CHARS,
    promptOnly: await projectTakesPrompts({ projectId: options.projectId }),
  };
  const source = options.source ?? jsonLinesSource(options.open);
  const state = {
    format: options.format && options.format !== 'auto' ? options.format : null,
    errors: new ErrorLog(source, options.skipInvalid ? options.onRejects : undefined),
    fatal: false,
  };
  // A line for people, in the messages that point at another row.
  const where = (line: number) => {
    const place = source.locate(line);
    return place.file === undefined ? `line ${place.line}` : `line ${place.line} of ${place.file}`;
  };

  const firstLine = new Map<string, number>();
  // Against the stored items (not this import's own, uncommitted ones); returns them.
  const checkItems = async (batch: ImportItem[]) => {
    const existing = await findExistingItems(
      getSql(),
      options.projectId,
      batch.map((i) => i.externalId),
    );
    for (const item of batch) {
      const seen = firstLine.get(item.externalId);
      if (seen !== undefined)
        state.errors.add({ line: item.line, path: 'id', message: `Duplicate item id "${item.externalId}" (first on ${where(seen)})` });
      else firstLine.set(item.externalId, item.line);
      const stored = existing.get(item.externalId);
      if (existing.has(item.externalId) && stored !== itemContentHash(item)) {
        state.errors.add({
          line: item.line,
          path: 'id',
          message: `Item "${item.externalId}" already exists in this project with different content; give the changed row a new id`,
        });
      }
    }
    return existing;
  };
  const critiqueRows = async (db: Kysely<DB>, batch: ImportCritique[]) => {
    const responses = await findResponses(
      db,
      options.projectId,
      batch.map((c) => c.responseExternalId),
    );
    const refs = batch.flatMap((c) => (c.perturbationRef === null ? [] : [c.perturbationRef]));
    return critiqueRowsOf(batch, responses, await findPerturbationRefs(db, options.projectId, refs));
  };
  const checkCritiques = async (batch: ImportCritique[]) => {
    for (const e of (await critiqueRows(getSql(), batch)).errors) state.errors.add(e);
  };
  // Perturbation rows: known sources, a real change, known authors, ids unique in the file and not
  // stored with other content. The changed span itself is computed when writing.
  const firstPerturbationLine = new Map<string, number>();
  const perturbationRows = async (db: Kysely<DB>, batch: ImportPerturbation[]) => {
    // One after the other: in the write pass `db` is the transaction's single connection.
    const sources = await resolveSources(db, options.projectId, batch);
    const stored = await findStoredPerturbations(
      db,
      options.projectId,
      batch.map((p) => p.externalId),
    );
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
      if (p.authorEmail !== null && authorId === null)
        errors.push({ line: p.line, path: 'author_email', message: `No user with email "${p.authorEmail}"` });
      const existing = stored.get(p.externalId);
      if (existing && (existing.responseId !== source.responseId || existing.flawedText !== p.flawedText)) {
        errors.push({
          line: p.line,
          path: 'id',
          message: `Perturbation "${p.externalId}" already exists in this project with a different text or source; give the changed row a new id`,
        });
      }
      rows.push({ p, source, authorId, existingId: existing?.id ?? null });
    }
    return { rows, errors };
  };
  const checkPerturbations = async (batch: ImportPerturbation[]) => {
    for (const p of batch) {
      const seen = firstPerturbationLine.get(p.externalId);
      if (seen !== undefined)
        state.errors.add({ line: p.line, path: 'id', message: `Duplicate perturbation id "${p.externalId}" (first on ${where(seen)})` });
      else firstPerturbationLine.set(p.externalId, p.line);
    }
    for (const e of (await perturbationRows(getSql(), batch)).errors) state.errors.add(e);
  };
  if (!options.skipInvalid && !options.withLabels) {
    const outcome = await importInOnePass({ options, source, rules, state, checkItems });
    if (outcome) return outcome;
    // It did not apply and wrote nothing: the two passes start afresh.
    Object.assign(state, {
      format: options.format && options.format !== 'auto' ? options.format : null,
      errors: new ErrorLog(source),
      fatal: false,
    });
    firstLine.clear();
  }

  // Rows without a worker are attributed to one imported labeler per file, keyed by the file's hash.
  // (JSON Lines: the bytes as they pass; other sources hash their files.)
  const fileHash = createHash('sha256');
  const hashing: RowSource = {
    ...source,
    rows: (progress) => source.rows({ bytes: (n) => progress?.bytes(n), chunk: (data) => fileHash.update(data) }),
  };
  const rows = await pass(
    options,
    hashing,
    rules,
    state,
    {
      items: async (batch) => void (await checkItems(batch)),
      critiques: checkCritiques,
      perturbations: checkPerturbations,
    },
    'validate',
  );
  await state.errors.flush(true);
  const lenient = options.skipInvalid === true && !state.fatal;
  if ((state.errors.count > 0 && !lenient) || !state.format) {
    return { ok: false, format: state.format, rows, errorCount: state.errors.count, errors: state.errors.first };
  }
  const fileKey = source.fingerprint ? await source.fingerprint() : fileHash.digest('hex');

  const format = state.format;
  const summary: ImportSummary = {
    format,
    rows,
    itemsCreated: 0,
    itemsSkipped: 0,
    responsesCreated: 0,
    critiquesCreated: 0,
    critiquesSkipped: 0,
    perturbationsCreated: 0,
    perturbationsSkipped: 0,
    labelsCreated: 0,
    labelsSkipped: 0,
  };
  if (options.skipInvalid)
    summary.rejected = { rows: state.errors.lines.size, errors: state.errors.count, byReason: state.errors.tally.list() };
  const labelers = new Map<string, string>();
  try {
    return await withTransaction(async (client) => {
      const db = typed(client);
      await client.query('SELECT pg_advisory_xact_lock(3, hashtext($1))', [options.projectId]);
      const writeItems = async (batch: ImportItem[]) => {
        // Checked again under the lock: another import may have landed since pass 1.
        const existing = await findExistingItems(
          db,
          options.projectId,
          batch.map((i) => i.externalId),
        );
        const fresh = batch.filter((i) => !existing.has(i.externalId));
        for (const item of batch) {
          if (existing.has(item.externalId) && existing.get(item.externalId) !== itemContentHash(item)) {
            throw new ImportConflict({
              line: item.line,
              path: 'id',
              message: `Item "${item.externalId}" was changed by another import meanwhile; import again`,
            });
          }
        }
        summary.itemsSkipped += batch.length - fresh.length;
        summary.itemsCreated += fresh.length;
        summary.responsesCreated += await insertItems(client, options.projectId, fresh);
        if (options.withLabels) {
          const [created, skipped] = await insertLabels(client, { projectId: options.projectId, format, fileKey, items: batch, labelers });
          const [stepsCreated, stepsSkipped] = await insertStepLabels(client, {
            projectId: options.projectId,
            format,
            fileKey,
            items: batch,
            labelers,
          });
          summary.labelsCreated += created + stepsCreated;
          summary.labelsSkipped += skipped + stepsSkipped;
        }
      };
      const writeCritiques = async (batch: ImportCritique[]) => {
        const { rows: critiques, errors } = await critiqueRows(db, batch);
        if (errors[0])
          throw new ImportConflict({ ...errors[0], message: `${errors[0].message} (changed by another import meanwhile; import again)` });
        const created = await insertCritiqueRows(client, critiques);
        summary.critiquesCreated += created;
        summary.critiquesSkipped += critiques.length - created;
      };
      const writePerturbations = async (batch: ImportPerturbation[]) => {
        // Checked again under the lock: another import may have landed since pass 1.
        const { rows: toWrite, errors } = await perturbationRows(db, batch);
        if (errors[0])
          throw new ImportConflict({ ...errors[0], message: `${errors[0].message} (changed by another import meanwhile; import again)` });
        const [created, critiquesCreated, critiquesGiven] = await insertPerturbations(client, {
          projectId: options.projectId,
          actorId: options.actorId,
          rows: toWrite,
        });
        summary.perturbationsCreated += created;
        summary.perturbationsSkipped += toWrite.length - created;
        summary.critiquesCreated += critiquesCreated;
        summary.critiquesSkipped += critiquesGiven - critiquesCreated;
      };
      // PostgreSQL writes one batch while this process reads and parses the next (two cores at work
      // instead of one after the other). One write at a time, in order, on the transaction's connection.
      let writing: Promise<void> = Promise.resolve();
      const behind =
        <T>(write: (batch: T) => Promise<void>) =>
        async (batch: T) => {
          await writing;
          writing = write(batch);
          // Awaited by the next batch or by settle; until then its failure must not count as unhandled.
          writing.catch(() => undefined);
        };
      const sink: Sink = {
        items: behind(writeItems),
        critiques: behind(writeCritiques),
        perturbations: behind(writePerturbations),
        settle: () => writing,
      };
      const writeErrors = new ErrorLog({ ...source, locate: (line) => ({ line }) });
      await pass(options, source, rules, { format, errors: writeErrors, fatal: false }, sink, 'write', state.errors.lines);
      // The rows are the same as in pass 1, so a new error means the file changed underneath.
      if (writeErrors.first[0])
        throw new ImportConflict({
          ...writeErrors.first[0],
          message: `${writeErrors.first[0].message} (the file changed while it was imported; import again)`,
        });
      await client.query(
        `INSERT INTO audit_events ("actorId", "projectId", action, "targetType", "targetId", data) VALUES ($1, $2::uuid, 'project.import', 'project', $2::text, $3)`,
        [options.actorId, options.projectId, JSON.stringify(summary)],
      );
      return { ok: true as const, summary };
    });
  } catch (error) {
    if (error instanceof ImportConflict)
      return { ok: false, format: state.format, rows, errorCount: 1, errors: [placeError(source, error.rowError)] };
    throw error;
  }
}

/**
 * The common case in one pass (issue 23: the second read and parse cost a third of the import):
 * an all-or-nothing import of items (no labels) whose project lock is free at once. Each batch is
 * checked exactly as pass 1 checks it (against the stored items, on a connection of its own, so
 * the same errors in the same order), then COPYed inside the transaction while the next batch is
 * read; the first error stops the writing, the rest of the file is still checked, and everything
 * is rolled back. Returns null, having written nothing, when it does not apply: the lock is held
 * (another import writes: check while waiting, as pass 1 does) or the file holds critiques or
 * perturbations (their checks read what earlier batches of the same file wrote). Items are
 * written by imports alone, under the project's lock: a check against the stored items holds
 * until the commit.
 */
async function importInOnePass(context: {
  options: ImportFileOptions;
  source: RowSource;
  rules: ImportRules;
  /** The import's state, which `checkItems` adds its errors to. */
  state: { format: ImportFormat | null; errors: ErrorLog; fatal: boolean };
  checkItems: (batch: ImportItem[]) => Promise<Map<string, string | null>>;
}): Promise<ImportOutcome | null> {
  const { options, source, rules, state, checkItems } = context;
  let rows = 0;
  try {
    return await withTransaction(async (client) => {
      const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(3, hashtext($1)) AS locked', [
        options.projectId,
      ]);
      if (!locked.rows[0]?.locked) return null;
      let itemsCreated = 0;
      let itemsSkipped = 0;
      let responsesCreated = 0;
      let writing: Promise<void> = Promise.resolve();
      const sink: Sink = {
        items: async (batch) => {
          const existing = await checkItems(batch);
          if (state.errors.count > 0) return; // nothing will be kept: check the rest, write no more
          const fresh = batch.filter((i) => !existing.has(i.externalId));
          itemsSkipped += batch.length - fresh.length;
          itemsCreated += fresh.length;
          await writing;
          writing = insertItems(client, options.projectId, fresh).then((n) => void (responsesCreated += n));
          // Awaited by the next batch or by settle; until then its failure must not count as unhandled.
          writing.catch(() => undefined);
        },
        critiques: () => Promise.reject(new NotOnePass()),
        perturbations: () => Promise.reject(new NotOnePass()),
        settle: () => writing,
      };
      // One step that checks and writes: reported as the check (rows and bytes read), then the write as done.
      rows = await pass(options, source, rules, state, sink, 'validate');
      if (state.errors.count > 0 || !state.format) throw new Refused();
      const summary: ImportSummary = {
        format: state.format,
        rows,
        itemsCreated,
        itemsSkipped,
        responsesCreated,
        critiquesCreated: 0,
        critiquesSkipped: 0,
        perturbationsCreated: 0,
        perturbationsSkipped: 0,
        labelsCreated: 0,
        labelsSkipped: 0,
      };
      await client.query(
        `INSERT INTO audit_events ("actorId", "projectId", action, "targetType", "targetId", data) VALUES ($1, $2::uuid, 'project.import', 'project', $2::text, $3)`,
        [options.actorId, options.projectId, JSON.stringify(summary)],
      );
      await options.onProgress?.({ phase: 'write', rows, bytes: source.totalBytes, format: state.format, done: true });
      return { ok: true as const, summary };
    });
  } catch (error) {
    if (error instanceof NotOnePass) return null;
    if (error instanceof Refused)
      return { ok: false, format: state.format, rows, errorCount: state.errors.count, errors: state.errors.first };
    throw error;
  }
}

/** The one-pass import does not apply to this file: roll back and take the two passes. */
class NotOnePass extends Error {}
/** The file has errors: roll back what was written and report them. */
class Refused extends Error {}

class ImportConflict extends Error {
  constructor(readonly rowError: RowError) {
    super(rowError.message);
  }
}
