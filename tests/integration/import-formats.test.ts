/**
 * Every format's fixture through importFile into PostgreSQL: the stored items equal what the
 * parser says the rows mean (itself checked row by row in lib/import/formats/*.test.ts), and
 * labels become IMPORTED judgments by pseudonymous labelers, once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProject } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { createParser } from '@/lib/import/detect-format';
import { importFile } from '@/lib/import/import-file';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { FIXTURE_FORMATS, parseFixture } from '../helpers/parse-fixture';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import');

const importFixture = (projectId: string, name: string, withLabels = false) =>
  importFile({ projectId, actorId: null, withLabels, open: () => fs.createReadStream(path.join(FIXTURES, name)) });

async function storedItems(projectId: string) {
  const items = await getDb().item.findMany({
    where: { projectId },
    orderBy: { externalId: 'asc' },
    select: {
      externalId: true,
      messages: true,
      metadata: true,
      responses: { select: { externalId: true, modelId: true, text: true }, orderBy: { externalId: 'asc' } },
    },
  });
  return items;
}

// Critiques and perturbations need responses to attach to: tested on their own (below; import-perturbations.test.ts).
const cases = FIXTURE_FORMATS.filter(([, format]) => format !== 'critiques' && format !== 'perturbations');

describe('importFile round trip per format', () => {
  for (const [fixture, format] of cases) {
    it(`${fixture}: detected as ${format}, stored exactly as parsed`, async () => {
      const project = await buildProject({ name: 'Formats' });
      const outcome = await importFixture(project.id, fixture);
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.summary.format).toBe(format);

      const parsed = await parseFixture(fixture, createParser(format, DEFAULT_IMPORT_RULES));
      expect(parsed.errors).toEqual([]);
      const expected = parsed.items
        .map((i) => ({
          externalId: i.externalId,
          messages: i.messages,
          metadata: i.metadata,
          responses: i.responses
            .map((r) => ({ externalId: r.externalId, modelId: r.modelId, text: r.text }))
            .sort((a, b) => (a.externalId < b.externalId ? -1 : 1)),
        }))
        .sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
      expect(await storedItems(project.id)).toEqual(expected);
      expect(outcome.summary.itemsCreated).toBe(expected.length);
      expect(outcome.summary.responsesCreated).toBe(expected.reduce((n, i) => n + i.responses.length, 0));
      expect(await getDb().judgment.count({ where: { item: { projectId: project.id } } })).toBe(0);
    });
  }

  it('critiques attach to the responses they name, once', async () => {
    const project = await buildProject({ name: 'Formats' });
    expect((await importFixture(project.id, 'native.jsonl')).ok).toBe(true);
    const first = await importFixture(project.id, 'critiques.jsonl');
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const parsed = await parseFixture('critiques.jsonl', createParser('critiques', DEFAULT_IMPORT_RULES));
    const total = parsed.critiques.reduce((n, c) => n + c.critiques.length, 0);
    expect(first.summary.critiquesCreated).toBe(total);
    for (const c of parsed.critiques) {
      const stored = await getDb().critique.findMany({
        where: { response: { externalId: c.responseExternalId, item: { projectId: project.id } } },
        select: { text: true, modelId: true },
      });
      expect(stored.map((s) => s.text).sort()).toEqual([...c.critiques].sort());
      expect(stored.every((s) => s.modelId === c.modelId)).toBe(true);
    }
    const again = await importFixture(project.id, 'critiques.jsonl');
    expect(again.ok && again.summary).toMatchObject({ critiquesCreated: 0, critiquesSkipped: total });
  });

  it('a critique for an unknown response is refused by line and nothing is written', async () => {
    const project = await buildProject({ name: 'Formats' });
    const outcome = await importFixture(project.id, 'critiques.jsonl');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors[0]).toMatchObject({ line: 1, path: 'response_id' });
    expect(outcome.errors[0]?.message).toMatch(/^No response with id ".+" in this project$/);
    expect(await getDb().critique.count({ where: { response: { item: { projectId: project.id } } } })).toBe(0);
  });
});

describe('importFile with labels', () => {
  it('hh-rlhf: each pair becomes one IMPORTED judgment (chosen over rejected) by one labeler for the file; re-import adds nothing', async () => {
    const project = await buildProject({ name: 'Formats' });
    const outcome = await importFixture(project.id, 'hh-rlhf.jsonl', true);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const parsed = await parseFixture('hh-rlhf.jsonl', createParser('hh-rlhf', DEFAULT_IMPORT_RULES));
    expect(outcome.summary.labelsCreated).toBe(parsed.items.length);

    const judgments = await getDb().judgment.findMany({
      where: { item: { projectId: project.id } },
      select: {
        source: true,
        assignmentId: true,
        ranking: true,
        userId: true,
        item: { select: { externalId: true, responses: { select: { id: true, externalId: true } } } },
      },
    });
    expect(new Set(judgments.map((j) => j.userId)).size).toBe(1);
    for (const j of judgments) {
      const item = parsed.items.find((i) => i.externalId === j.item.externalId);
      const idOf = new Map(j.item.responses.map((r) => [r.externalId, r.id]));
      expect(j.source).toBe('IMPORTED');
      expect(j.assignmentId).toBeNull();
      expect(j.ranking).toEqual(item?.labels[0]?.ranking.map((g) => g.map((ext) => idOf.get(ext))));
    }
    const labeler = await getDb().user.findUniqueOrThrow({
      where: { id: judgments[0]?.userId ?? '' },
      select: { active: true, passwordHash: true, role: true, importKey: true, memberships: { select: { projectId: true } } },
    });
    expect(labeler).toMatchObject({ active: false, passwordHash: null, role: 'LABELER' });
    expect(labeler.importKey).toMatch(/^file:[0-9a-f]{64}$/);
    expect(labeler.memberships.map((m) => m.projectId)).toEqual([project.id]);

    const again = await importFixture(project.id, 'hh-rlhf.jsonl', true);
    expect(again.ok && again.summary).toMatchObject({ itemsCreated: 0, labelsCreated: 0, labelsSkipped: parsed.items.length });
    expect(await getDb().judgment.count({ where: { item: { projectId: project.id } } })).toBe(parsed.items.length);
  });

  it('summarize: one pseudonymous labeler per source worker, whose id is not stored', async () => {
    const project = await buildProject({ name: 'Formats' });
    const outcome = await importFixture(project.id, 'summarize.jsonl', true);
    expect(outcome.ok).toBe(true);
    const rows = fs
      .readFileSync(path.join(FIXTURES, 'summarize.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { worker?: string });
    const workers = new Set(rows.map((r) => r.worker ?? null));
    const judgments = await getDb().judgment.findMany({
      where: { item: { projectId: project.id } },
      select: { user: { select: { importKey: true, name: true, email: true } } },
    });
    expect(judgments).toHaveLength(rows.length);
    expect(new Set(judgments.map((j) => j.user.importKey)).size).toBe(workers.size);
    for (const worker of workers) {
      if (!worker) continue;
      for (const j of judgments) expect(`${j.user.importKey} ${j.user.name} ${j.user.email}`).not.toContain(worker);
    }
  });

  it('labels can be added later to items imported without them', async () => {
    const project = await buildProject({ name: 'Formats' });
    const plain = await importFixture(project.id, 'trl-standard.jsonl');
    const labeled = await importFixture(project.id, 'trl-standard.jsonl', true);
    expect(plain.ok && labeled.ok).toBe(true);
    if (!plain.ok || !labeled.ok) return;
    expect(labeled.summary.itemsCreated).toBe(0);
    expect(labeled.summary.labelsCreated).toBe(plain.summary.itemsCreated);
  });
});
