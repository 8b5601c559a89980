/**
 * Perturbation files and critiques of flawed variants through importFile into PostgreSQL
 * (PRODUCT §3.3, §7): spans computed by diff, all or nothing with row/field errors, re-import adds
 * nothing, critiques of both texts hashed by their target.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProject } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { importFile } from '@/lib/import/import-file';
import { testDatabaseUrl } from '../helpers/database-per-file';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

async function newProject() {
  const project = await buildProject({ name: 'Perturb import' });
  const native = await importFile({
    projectId: project.id,
    actorId: null,
    open: () => fs.createReadStream(path.join(FIXTURES, 'native.jsonl')),
  });
  expect(native.ok).toBe(true);
  return project.id;
}
const importFixture = (projectId: string, name: string) =>
  importFile({ projectId, actorId: null, open: () => fs.createReadStream(path.join(FIXTURES, name)) });
const importRows = (projectId: string, rows: unknown[], actorId: string | null = null) =>
  importFile({ projectId, actorId, open: () => Readable.from([Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n')]) });
const responseText = async (projectId: string, externalId: string) =>
  (await getDb().response.findFirstOrThrow({ where: { externalId, item: { projectId } }, select: { text: true } })).text;

describe('perturbation files', () => {
  it('stores each perturbation with its span computed by diff, its status and critiques of both texts; a re-import adds nothing', async () => {
    const projectId = await newProject();
    const first = await importFixture(projectId, 'perturbations.jsonl');
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.summary).toMatchObject({
      format: 'perturbations',
      rows: 3,
      perturbationsCreated: 3,
      perturbationsSkipped: 0,
      critiquesCreated: 4,
      critiquesSkipped: 0,
    });
    const stored = await getDb().perturbation.findMany({
      where: { projectId },
      orderBy: { externalId: 'asc' },
      include: { response: { select: { externalId: true, text: true } }, critiques: true },
    });
    const pf1 = stored.find((p) => p.externalId === 'pf-1');
    expect(pf1).toMatchObject({ status: 'ACCEPTED', category: 'ACCURACY', severity: 3, authorId: null, assignmentId: null });
    expect(pf1?.response.externalId).toBe('cust-0001-a');
    expect(pf1?.flawedText.slice(pf1.flawedStart, pf1.flawedEnd)).toBe('48231');
    expect(pf1?.response.text.slice(pf1.originalStart, pf1.originalEnd)).toBe('48213');
    expect(stored.find((p) => p.externalId === 'pf-2')?.status).toBe('SUBMITTED');
    // Critiques: of the flawed text on the perturbation (hash by its id), of the original on the response (bare hash).
    expect(pf1?.critiques.map((c) => [c.text, c.modelId, c.textHash === sha(`${pf1.id}\n${c.text}`)]).sort()).toEqual([
      ['Otherwise helpful.', null, true],
      ['The order number quoted does not match the one the customer gave.', 'critic-1', true],
    ]);
    const original = await getDb().critique.findMany({
      where: { perturbationId: null, response: { externalId: 'cust-0001-a', item: { projectId } } },
    });
    expect(original.map((c) => [c.text, c.textHash === sha(c.text)])).toEqual([
      ['Answers the question directly and asks for the right evidence.', true],
    ]);

    const again = await importFixture(projectId, 'perturbations.jsonl');
    expect(again.ok && again.summary).toMatchObject({
      perturbationsCreated: 0,
      perturbationsSkipped: 3,
      critiquesCreated: 0,
      critiquesSkipped: 4,
    });
    expect(await getDb().perturbation.count({ where: { projectId } })).toBe(3);
    expect(await getDb().critique.count({ where: { response: { item: { projectId } } } })).toBe(4);
  });

  it('imports nothing from a file with any bad row, naming each line and field', async () => {
    const projectId = await newProject();
    const text = await responseText(projectId, 'cust-0001-b');
    const flaw = { description: 'Wrong.', category: 'accuracy', severity: 2 };
    const outcome = await importRows(projectId, [
      { id: 'ok-1', response_id: 'cust-0001-b', flawed: text.replace('consumables', 'durable goods'), flaw },
      { id: 'bad-source', response_id: 'no-such-response', flawed: 'x', flaw },
      { id: 'bad-same', response_id: 'cust-0001-b', flawed: `${text}  `, flaw },
      {
        id: 'bad-author',
        response_id: 'cust-0001-b',
        flawed: text.replace('warranty', 'insurance'),
        flaw,
        author_email: 'nobody@nowhere.test',
      },
      { id: 'ok-1', response_id: 'cust-0001-b', flawed: text.replace('store', 'shop'), flaw },
      { id: 'bad-item', item_id: 'no-such-item', flawed: 'x', flaw },
      { id: 'bad-unmarked', item_id: 'cust-0001', flawed: 'x', flaw },
      { id: 'bad-fields', response_id: 'cust-0001-b', flawed: 'y', flaw: { ...flaw, category: 'style' } },
    ]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    // Field errors come as rows are read; lookups (sources, authors, ids) once per batch.
    expect(outcome.errors.map((e) => [e.line, e.path]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [2, 'response_id'],
      [3, 'flawed'],
      [4, 'author_email'],
      [5, 'id'],
      [6, 'item_id'],
      [7, 'response_id'],
      [8, 'flaw.category'],
    ]);
    expect(outcome.errors.find((e) => e.line === 5)?.message).toBe('Duplicate perturbation id "ok-1" (first on line 1)');
    expect(await getDb().perturbation.count({ where: { projectId } })).toBe(0);
  });

  it('addresses a source by uuid, by item and marked source, and takes an author by email; a changed row under a known id is refused', async () => {
    const projectId = await newProject();
    const source = await getDb().response.findFirstOrThrow({
      where: { externalId: 'chat-0147-r2', item: { projectId } },
      select: { id: true, text: true, itemId: true },
    });
    const author = await getDb().user.create({
      data: { email: `Author-${randomUUID().slice(0, 6)}@t.test`, name: 'Author', role: 'LABELER' },
    });
    const flaw = { description: 'Held three days, not seven.', category: 'accuracy', severity: 2 };
    const byUuid = {
      id: 'u-1',
      response_id: source.id,
      flawed: source.text.replace('seven', 'three'),
      flaw,
      author_email: author.email.toUpperCase(),
    };
    expect((await importRows(projectId, [byUuid])).ok).toBe(true);
    expect(
      await getDb().perturbation.findFirst({ where: { projectId, externalId: 'u-1' }, select: { responseId: true, authorId: true } }),
    ).toEqual({ responseId: source.id, authorId: author.id });

    await getDb().response.update({ where: { id: source.id }, data: { perturbSource: true } });
    const byItem = await importRows(projectId, [{ id: 'i-1', item_id: 'chat-0147', flawed: source.text.replace('desk', 'door'), flaw }]);
    expect(byItem.ok).toBe(true);
    expect((await getDb().perturbation.findFirstOrThrow({ where: { projectId, externalId: 'i-1' } })).responseId).toBe(source.id);

    const changed = await importRows(projectId, [{ ...byUuid, flawed: source.text.replace('seven', 'two') }]);
    expect(changed.ok).toBe(false);
    if (!changed.ok) expect(changed.errors.map((e) => [e.line, e.path])).toEqual([[1, 'id']]);
  });
});

describe('critique files addressing a flawed variant', () => {
  it('attach critiques to the variant named by perturbation_id (external id or uuid), once; wrong variants are refused whole', async () => {
    const projectId = await newProject();
    expect((await importFixture(projectId, 'perturbations.jsonl')).ok).toBe(true);
    const pf1 = await getDb().perturbation.findFirstOrThrow({
      where: { projectId, externalId: 'pf-1' },
      select: { id: true, responseId: true },
    });
    const rows = [
      { response_id: 'cust-0001-a', perturbation_id: 'pf-1', critiques: ['The order number changed.'], model: 'critic-2' },
      { response_id: 'cust-0001-a', perturbation_id: pf1.id, critiques: ['Still polite.'] },
      { response_id: 'cust-0001-a', critiques: ['Fine as it is.'] },
    ];
    const first = await importRows(projectId, rows);
    expect(first.ok && first.summary).toMatchObject({ format: 'critiques', critiquesCreated: 3 });
    const variant = await getDb().critique.findMany({
      where: { perturbationId: pf1.id },
      select: { text: true, textHash: true, modelId: true, responseId: true },
    });
    expect(variant.map((c) => c.text).sort()).toEqual([
      'Otherwise helpful.',
      'Still polite.',
      'The order number changed.',
      'The order number quoted does not match the one the customer gave.',
    ]);
    expect(variant.every((c) => c.responseId === pf1.responseId && c.textHash === sha(`${pf1.id}\n${c.text}`))).toBe(true);
    // The same text as a critique of the original and of the variant is two critiques.
    const same = await importRows(projectId, [
      { response_id: 'cust-0001-a', critiques: ['Same words.'] },
      { response_id: 'cust-0001-a', perturbation_id: 'pf-1', critiques: ['Same words.'] },
    ]);
    expect(same.ok && same.summary.critiquesCreated).toBe(2);
    const again = await importRows(projectId, rows);
    expect(again.ok && again.summary).toMatchObject({ critiquesCreated: 0, critiquesSkipped: 3 });

    const count = await getDb().critique.count({ where: { response: { item: { projectId } } } });
    const bad = await importRows(projectId, [
      { response_id: 'cust-0001-a', perturbation_id: 'pf-1', critiques: ['New one.'] },
      { response_id: 'cust-0001-a', perturbation_id: 'no-such', critiques: ['x'] },
      { response_id: 'chat-0147-r1', perturbation_id: 'pf-1', critiques: ['x'] },
    ]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.map((e) => [e.line, e.path])).toEqual([
        [2, 'perturbation_id'],
        [3, 'perturbation_id'],
      ]);
      expect(bad.errors[1]?.message).toBe('Perturbation "pf-1" is not a variant of response "chat-0147-r1"');
    }
    expect(await getDb().critique.count({ where: { response: { item: { projectId } } } })).toBe(count);
  });
});

describe('the CLI', () => {
  it('imports a perturbation file with --format perturbations (the same lib path as the upload and the API)', async () => {
    const projectId = await newProject();
    const { slug } = await getDb().project.findUniqueOrThrow({ where: { id: projectId }, select: { slug: true } });
    const root = path.resolve(import.meta.dirname, '../..');
    const result = spawnSync(
      path.join(root, 'node_modules/.bin/tsx'),
      ['scripts/cli.ts', 'import', '--project', slug, '--format', 'perturbations', path.join(FIXTURES, 'perturbations.jsonl')],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: testDatabaseUrl },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('3 perturbations (0 already present)');
    expect(await getDb().perturbation.count({ where: { projectId } })).toBe(3);
  });
});
