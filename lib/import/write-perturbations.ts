import { createHash } from 'node:crypto';
import type { Kysely, NotNull } from 'kysely';
import type pg from 'pg';
import type { DB } from '@/generated/kysely/types';
import { typed } from '@/lib/db';
import { textHash } from '@/lib/import/content-hash';
import type { ImportCritique, ImportPerturbation, RowError } from '@/lib/import/types';
import { changedSpan, sameWords } from '@/lib/perturb/changed-span';

/** The shared pool's getSql() (checking pass) or typed(client) of the import's transaction (writing pass). */
type Db = Kysely<DB>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuids = (refs: (string | null)[]) => [
  ...new Set(refs.filter((r): r is string => r !== null && UUID.test(r)).map((r) => r.toLowerCase())),
];
const texts = (refs: (string | null)[]) => [...new Set(refs.filter((r): r is string => r !== null))];

/**
 * The critique hash of one text of a response: the response's own text hashes the bare critique
 * (as critiques imported before perturbations did, so re-importing them still adds nothing); a
 * flawed variant's prefixes the perturbation id: sha256("<perturbationId>\n" + text).
 */
export function critiqueHash(perturbationId: string | null, text: string): string {
  return perturbationId === null ? textHash(text) : createHash('sha256').update(`${perturbationId}\n${text}`).digest('hex');
}

export type Source = { responseId: string; itemId: string; text: string };

/** The source response of each perturbation row (by line), or the row error saying why there is none. */
export async function resolveSources(db: Db, projectId: string, batch: ImportPerturbation[]): Promise<Map<number, Source | RowError>> {
  const refs = batch.flatMap((p) => [p.responseRef, p.itemRef]);
  const [responseRefs, ids, itemRefs] = [texts(batch.map((p) => p.responseRef)), uuids(refs), texts(batch.map((p) => p.itemRef))];
  const rows = await db
    .selectFrom('responses as r')
    .innerJoin('items as i', 'i.id', 'r.itemId')
    .select(['r.id', 'r.externalId', 'r.itemId', 'i.externalId as itemExt', 'r.text', 'r.perturbSource'])
    .where('i.projectId', '=', projectId)
    .where((eb) =>
      eb.or([
        eb('r.externalId', '=', eb.fn.any(eb.val(responseRefs))),
        eb('r.id', '=', eb.fn.any(eb.val(ids))),
        eb('i.externalId', '=', eb.fn.any(eb.val(itemRefs))),
        eb('i.id', '=', eb.fn.any(eb.val(ids))),
      ]),
    )
    .execute();
  const out = new Map<number, Source | RowError>();
  for (const p of batch) {
    const inItem = rows.filter((r) => p.itemRef === null || r.itemExt === p.itemRef || r.itemId === p.itemRef.toLowerCase());
    const at = (path: string, message: string) => out.set(p.line, { line: p.line, path, message });
    if (p.itemRef !== null && inItem.length === 0) {
      at('item_id', `No item with id "${p.itemRef}" in this project`);
      continue;
    }
    if (p.responseRef === null) {
      const marked = inItem.filter((r) => r.perturbSource);
      if (marked.length !== 1) {
        at('response_id', `Item "${p.itemRef}" has ${marked.length} responses marked as sources; give "response_id"`);
        continue;
      }
      const [m] = marked;
      if (m) out.set(p.line, { responseId: m.id, itemId: m.itemId, text: m.text });
      continue;
    }
    const ref = p.responseRef;
    const found = inItem.filter((r) => r.externalId === ref || r.id === ref.toLowerCase());
    const where = p.itemRef === null ? 'this project' : `item "${p.itemRef}"`;
    if (found.length === 0) at('response_id', `No response with id "${ref}" in ${where}`);
    else if (found.length > 1)
      at('response_id', `Response id "${ref}" is used by ${found.length} responses in ${where}; give "item_id" too`);
    else if (found[0]) out.set(p.line, { responseId: found[0].id, itemId: found[0].itemId, text: found[0].text });
  }
  return out;
}

export type StoredPerturbation = { id: string; responseId: string; flawedText: string };

/** Perturbations of the project already stored under these external ids. */
export async function findStoredPerturbations(db: Db, projectId: string, externalIds: string[]): Promise<Map<string, StoredPerturbation>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('perturbations')
    .select(['id', 'externalId', 'responseId', 'flawedText'])
    .where('projectId', '=', projectId)
    .where((eb) => eb('externalId', '=', eb.fn.any(eb.val(externalIds))))
    .$narrowType<{ externalId: NotNull }>()
    .execute();
  return new Map(rows.map((r) => [r.externalId, r]));
}

/** Users by lower-cased email. */
export async function findAuthors(db: Db, emails: string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select((eb) => ['id', eb.fn<string>('lower', ['email']).as('email')])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', eb.fn.any(eb.val(emails))))
    .execute();
  return new Map(rows.map((r) => [r.email, r.id]));
}

/** Why the row's flawed text cannot be a perturbation of `source`, or null. */
export function flawedTextProblem(p: ImportPerturbation, source: Source): RowError | null {
  if (sameWords(source.text, p.flawedText))
    return {
      line: p.line,
      path: 'flawed',
      message: 'The flawed text is the same as the source response (whitespace aside): nothing was planted',
    };
  return null;
}

/**
 * Writes new perturbations (the changed span computed by diff) and the critiques of both texts of
 * every row, new or already stored. Returns [perturbations created, critiques created, critiques given].
 */
export async function insertPerturbations(
  client: pg.PoolClient,
  options: {
    projectId: string;
    actorId: string | null;
    rows: { p: ImportPerturbation; source: Source; authorId: string | null; existingId: string | null }[];
  },
): Promise<[number, number, number]> {
  let created = 0;
  const critiques: CritiqueRow[] = [];
  for (const { p, source, authorId, existingId } of options.rows) {
    let id = existingId;
    if (id === null) {
      const span = changedSpan(source.text, p.flawedText);
      if (!span) throw new Error(`perturbation on line ${p.line} has no change`);
      const accepted = p.status === 'ACCEPTED';
      ({ id } = await typed(client)
        .insertInto('perturbations')
        .values({
          projectId: options.projectId,
          itemId: source.itemId,
          responseId: source.responseId,
          authorId,
          externalId: p.externalId,
          flawedText: p.flawedText,
          description: p.description,
          category: p.category,
          severity: p.severity,
          missableBecause: p.missableBecause,
          flawedStart: span.flawedStart,
          flawedEnd: span.flawedEnd,
          originalStart: span.originalStart,
          originalEnd: span.originalEnd,
          status: p.status,
          reviewedById: accepted ? options.actorId : null,
          reviewedAt: accepted ? new Date() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow());
      created += 1;
    }
    for (const c of p.critiques.original)
      critiques.push({ responseId: source.responseId, perturbationId: null, text: c.text, modelId: c.modelId });
    for (const c of p.critiques.flawed)
      critiques.push({ responseId: source.responseId, perturbationId: id, text: c.text, modelId: c.modelId });
  }
  return [created, await insertCritiqueRows(client, critiques), critiques.length];
}

export type CritiqueRow = { responseId: string; perturbationId: string | null; text: string; modelId: string | null };

/** Inserts critiques, once per (response, critiqued text, critique text); returns how many were new. */
export async function insertCritiqueRows(client: pg.PoolClient, rows: CritiqueRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await client.query(
    `INSERT INTO critiques ("responseId", "perturbationId", text, "textHash", "modelId")
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT ("responseId", "textHash") DO NOTHING`,
    [
      rows.map((r) => r.responseId),
      rows.map((r) => r.perturbationId),
      rows.map((r) => r.text),
      rows.map((r) => critiqueHash(r.perturbationId, r.text)),
      rows.map((r) => r.modelId),
    ],
  );
  return result.rowCount ?? 0;
}

/** Perturbations of the project by external id or uuid: which response each belongs to. */
export async function findPerturbationRefs(
  db: Db,
  projectId: string,
  refs: string[],
): Promise<Map<string, { id: string; responseId: string }[]>> {
  if (refs.length === 0) return new Map();
  const [byExternal, byId] = [texts(refs), uuids(refs)];
  const rows = await db
    .selectFrom('perturbations')
    .select(['id', 'externalId', 'responseId'])
    .where('projectId', '=', projectId)
    .where((eb) => eb.or([eb('externalId', '=', eb.fn.any(eb.val(byExternal))), eb('id', '=', eb.fn.any(eb.val(byId)))]))
    .execute();
  const out = new Map<string, { id: string; responseId: string }[]>();
  for (const ref of new Set(refs))
    out.set(
      ref,
      rows.filter((r) => r.externalId === ref || r.id === ref.toLowerCase()).map((r) => ({ id: r.id, responseId: r.responseId })),
    );
  return out;
}

/** The critique rows of a critiques-file batch, or errors naming the response / perturbation that is not there. */
export function critiqueRowsOf(
  batch: ImportCritique[],
  responses: Map<string, string[]>,
  perturbations: Map<string, { id: string; responseId: string }[]>,
): { rows: CritiqueRow[]; errors: RowError[] } {
  const rows: CritiqueRow[] = [];
  const errors: RowError[] = [];
  for (const c of batch) {
    const ids = responses.get(c.responseExternalId) ?? [];
    if (ids.length === 0)
      errors.push({ line: c.line, path: 'response_id', message: `No response with id "${c.responseExternalId}" in this project` });
    if (ids.length > 1)
      errors.push({
        line: c.line,
        path: 'response_id',
        message: `Response id "${c.responseExternalId}" is used by ${ids.length} responses in this project; it must be unique`,
      });
    const responseId = ids.length === 1 ? ids[0] : undefined;
    let perturbationId: string | null = null;
    if (c.perturbationRef !== null) {
      const found = perturbations.get(c.perturbationRef) ?? [];
      const match = found.find((p) => p.responseId === responseId);
      if (found.length === 0)
        errors.push({ line: c.line, path: 'perturbation_id', message: `No perturbation with id "${c.perturbationRef}" in this project` });
      else if (responseId !== undefined && !match)
        errors.push({
          line: c.line,
          path: 'perturbation_id',
          message: `Perturbation "${c.perturbationRef}" is not a variant of response "${c.responseExternalId}"`,
        });
      perturbationId = match?.id ?? null;
      if (!match) continue;
    }
    if (responseId === undefined) continue;
    for (const text of c.critiques) rows.push({ responseId, perturbationId, text, modelId: c.modelId });
  }
  return { rows, errors };
}
