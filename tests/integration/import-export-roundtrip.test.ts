/**
 * Issue 19: files imported with their labels and written out by the real export (loader and
 * writer, as a snapshot does) give back what they held: hh-rlhf byte for byte, the other formats
 * row for row (as multisets: rows of one import batch share a timestamp, so export order is not
 * file order). The datasets without an export of their own (Open Assistant, Chatbot Arena) are
 * checked through the rankings export, and imported scores through the raw export.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProject } from '@/lib/builders';
import { getPgPool, withTransaction } from '@/lib/db';
import { loadExportItems } from '@/lib/export/load-export-items';
import { ZExportRequest, toExportSettings } from '@/lib/export/schemas';
import { streamShards, writeExport } from '@/lib/export/write-export';
import { createParser } from '@/lib/import/detect-format';
import { importFile } from '@/lib/import/import-file';
import type { ImportFormat, ImportMessage } from '@/lib/import/types';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { fixtureRows, parseFixture } from '../helpers/parse-fixture';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import');
type Row = Record<string, unknown>;
const sorted = (rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).sort();

async function importText(projectId: string, content: string, format?: ImportFormat) {
  const outcome = await importFile({
    projectId,
    actorId: null,
    withLabels: true,
    format,
    open: async function* () {
      yield Buffer.from(content, 'utf8');
    },
  });
  if (!outcome.ok) throw new Error(`import refused: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
  return outcome.summary;
}
const importFixture = async (fixture: string) => {
  const project = await buildProject({ name: 'Round trip' });
  const summary = await importText(project.id, fs.readFileSync(path.join(FIXTURES, fixture), 'utf8'));
  return { projectId: project.id, summary };
};

/** The export file's text, written exactly as a snapshot writes it (one REPEATABLE READ transaction). */
async function exportText(projectId: string, format: string, options: Record<string, unknown> = {}): Promise<string> {
  const settings = toExportSettings(ZExportRequest.parse({ format, ...options }));
  const chunks: Buffer[] = [];
  await withTransaction(
    async (client) => {
      await writeExport({
        settings,
        batches: loadExportItems({ client, projectId, settings }),
        shards: streamShards(async (chunk) => void chunks.push(chunk)),
      });
    },
    { isolation: 'repeatable read', readOnly: true },
  );
  return Buffer.concat(chunks).toString('utf8');
}
const lines = (text: string) => text.split('\n').filter(Boolean);
const rowsOf = (text: string) => lines(text).map((l) => JSON.parse(l) as Row);

describe('hh-rlhf: import with labels, export hh, identical bytes', () => {
  for (const fixture of ['hh-rlhf.jsonl', 'hh-rlhf-edge.jsonl']) {
    it(`${fixture}: every row's chosen and rejected transcripts come back byte for byte`, async () => {
      const { projectId, summary } = await importFixture(fixture);
      const source = lines(fs.readFileSync(path.join(FIXTURES, fixture), 'utf8'));
      expect(summary).toMatchObject({ format: 'hh-rlhf', itemsCreated: source.length, labelsCreated: source.length });
      // Each exported line opens with the JSON text of the two transcripts: compare those bytes with the fixture's.
      const opening = (row: Row) => `{"chosen":${JSON.stringify(row.chosen)},"rejected":${JSON.stringify(row.rejected)},`;
      const exported = lines(await exportText(projectId, 'hh'));
      expect(exported).toHaveLength(source.length);
      expect(sorted(exported.map((l) => l.slice(0, opening(JSON.parse(l) as Row).length)))).toEqual(
        sorted(source.map((l) => opening(JSON.parse(l) as Row))),
      );
      expect(Buffer.from(sorted(exported.map((l) => opening(JSON.parse(l) as Row))).join(''))).toEqual(
        Buffer.from(sorted(source.map((l) => opening(JSON.parse(l) as Row))).join('')),
      );
    });
  }
});

const user = (content: string): ImportMessage => ({ role: 'user', content });
const last = (side: unknown) => (typeof side === 'string' ? side : (side as ImportMessage[]).at(-1)!.content);

describe('TRL: import with labels, export in the TRL form, equal rows', () => {
  it('standard rows through "pairs"', async () => {
    const { projectId } = await importFixture('trl-standard.jsonl');
    const exported = rowsOf(await exportText(projectId, 'pairs', { prompt_template: 'none' })).map(({ prompt, chosen, rejected }) => ({
      prompt,
      chosen,
      rejected,
    }));
    expect(sorted(exported)).toEqual(
      sorted(fixtureRows('trl-standard.jsonl').map(({ prompt, chosen, rejected }) => ({ prompt, chosen, rejected }))),
    );
  });

  it('conversational and implicit rows through "pairs-chat"', async () => {
    for (const fixture of ['trl-conversational.jsonl', 'trl-implicit.jsonl']) {
      const { projectId } = await importFixture(fixture);
      // Both forms as implicit conversations: the prompt followed by each completion.
      const whole = (r: Row) => ({
        chosen: [...((r.prompt as ImportMessage[] | undefined) ?? []), ...(r.chosen as ImportMessage[])],
        rejected: [...((r.prompt as ImportMessage[] | undefined) ?? []), ...(r.rejected as ImportMessage[])],
      });
      expect(sorted(rowsOf(await exportText(projectId, 'pairs-chat')).map(whole))).toEqual(sorted(fixtureRows(fixture).map(whole)));
    }
  });

  it('UltraFeedback binarized: the shared user turn once, each reply, scores in raw rows', async () => {
    const { projectId } = await importFixture('trl-ultrafeedback.jsonl');
    const source = fixtureRows('trl-ultrafeedback.jsonl');
    const exported = rowsOf(await exportText(projectId, 'pairs-chat')).map(({ prompt, chosen, rejected }) => ({
      prompt,
      chosen,
      rejected,
    }));
    const expected = source.map((r) => ({
      prompt: [user(r.prompt as string)],
      chosen: [{ role: 'assistant', content: last(r.chosen) }],
      rejected: [{ role: 'assistant', content: last(r.rejected) }],
    }));
    expect(sorted(exported)).toEqual(sorted(expected));
    const raw = rowsOf(await exportText(projectId, 'raw'));
    // Responses come in stored order (not chosen first): compare each row's responses as a set.
    const scores = raw.map((r) =>
      sorted((r.responses as { text: string; imported_scores: unknown }[]).map((x) => [x.text, x.imported_scores])),
    );
    const score = (value: unknown) => [{ name: 'score', value }];
    expect(sorted(scores)).toEqual(
      sorted(
        source.map((r) =>
          sorted([
            [last(r.chosen), score(r.score_chosen)],
            [last(r.rejected), score(r.score_rejected)],
          ]),
        ),
      ),
    );
  });
});

describe('OpenAI preference rows and our openai-dpo export', () => {
  it('imports the published shape, and our own export imports back to the same export', async () => {
    const first = await importFixture('openai-preference.jsonl');
    const exported = await exportText(first.projectId, 'openai-dpo');
    expect(lines(exported)).toHaveLength(4);
    // A plain row (text contents, no extra keys) comes back as it was.
    expect(lines(exported)).toContain(JSON.stringify(fixtureRows('openai-preference.jsonl')[2]));
    const second = await buildProject({ name: 'Round trip' });
    expect(await importText(second.id, exported)).toMatchObject({ format: 'openai-preference', itemsCreated: 4, labelsCreated: 4 });
    expect(sorted(lines(await exportText(second.id, 'openai-dpo')))).toEqual(sorted(lines(exported)));
  });
});

/** What a rankings row says, without what a new import cannot keep (labeler pseudonyms, source, timings). */
const rankingsShape = (row: Row) => ({
  item_id: row.item_id,
  messages: row.messages,
  responses: row.responses,
  consensus: row.consensus,
  split: row.split,
  judgments: sorted((row.judgments as Row[]).map((j) => ({ ranking: j.ranking, all_unacceptable: j.all_unacceptable }))),
});

describe('rankings: import then export gives the same rankings', () => {
  it('the fixture, and an export imported again', async () => {
    const { projectId } = await importFixture('rankings.jsonl');
    const exported = rowsOf(await exportText(projectId, 'rankings'));
    expect(sorted(exported.map(rankingsShape))).toEqual(sorted(fixtureRows('rankings.jsonl').map(rankingsShape)));
    // One imported labeler per labeler of the file.
    const labelers = (rows: Row[]) => new Set(rows.flatMap((r) => (r.judgments as Row[]).map((j) => j.labeler))).size;
    expect(labelers(exported)).toBe(labelers(fixtureRows('rankings.jsonl')));
    const again = await buildProject({ name: 'Round trip' });
    await importText(again.id, exported.map((r) => JSON.stringify(r)).join('\n'));
    expect(sorted(rowsOf(await exportText(again.id, 'rankings')).map(rankingsShape))).toEqual(sorted(exported.map(rankingsShape)));
  });
});

describe('datasets without an export of their own, through the rankings export', () => {
  it("Open Assistant: the ranks come back as each item's judgment (flat rows and trees alike)", async () => {
    for (const fixture of ['oasst-messages.jsonl', 'oasst-trees.jsonl']) {
      const { projectId, summary } = await importFixture(fixture);
      const parsed = await parseFixture(fixture, createParser('oasst', DEFAULT_IMPORT_RULES));
      expect(summary).toMatchObject({ format: 'oasst', itemsCreated: 3, labelsCreated: 3 });
      const exported = rowsOf(await exportText(projectId, 'rankings'));
      expect(sorted(exported.map((r) => [r.item_id, (r.judgments as Row[]).map((j) => j.ranking)]))).toEqual(
        sorted(parsed.items.map((i) => [i.externalId, i.labels.map((l) => l.ranking)])),
      );
    }
  });

  it('Chatbot Arena: one judgment per battle, both-bad as all unacceptable', async () => {
    const { projectId, summary } = await importFixture('arena.jsonl');
    expect(summary).toMatchObject({ format: 'arena', itemsCreated: 4, labelsCreated: 4 });
    const exported = rowsOf(await exportText(projectId, 'rankings'));
    const verdicts = Object.fromEntries(
      exported.map((r) => [r.item_id, (r.judgments as Row[]).map((j) => [j.ranking, j.all_unacceptable])]),
    );
    const id = (n: number) => fixtureRows('arena.jsonl')[n]!.question_id as string;
    expect(verdicts).toEqual({
      [id(0)]: [[[[`${id(0)}-b`], [`${id(0)}-a`]], false]],
      [id(1)]: [[[[`${id(1)}-a`, `${id(1)}-b`]], false]],
      [id(2)]: [[[[`${id(2)}-a`], [`${id(2)}-b`]], false]],
      [id(3)]: [[[], true]],
    });
    // Model ids are kept (hidden from labelers) and exported.
    expect(exported.find((r) => r.item_id === id(0))!.responses).toEqual([
      { id: `${id(0)}-a`, text: expect.any(String), model: 'chatglm-6b' },
      { id: `${id(0)}-b`, text: expect.any(String), model: 'koala-13b' },
    ]);
  });

  it('HelpSteer2: the responses of a prompt form one item with their attributes stored, no label', async () => {
    const { projectId, summary } = await importFixture('helpsteer2.jsonl');
    expect(summary).toMatchObject({ format: 'helpsteer', itemsCreated: 3, responsesCreated: 6, labelsCreated: 0 });
    const { rows } = await getPgPool().query<{ scores: unknown }>(
      `SELECT r.metadata->'imported_scores' AS scores FROM responses r JOIN items i ON i.id = r."itemId" WHERE i."projectId" = $1`,
      [projectId],
    );
    const source = fixtureRows('helpsteer2.jsonl');
    // jsonb keeps its own key order: compare the attributes in one order.
    const attributes = (r: Row) => [r.helpfulness, r.correctness, r.coherence, r.complexity, r.verbosity];
    expect(sorted(rows.map((r) => attributes(r.scores as Row)))).toEqual(sorted(source.map(attributes)));
  });
});

describe('format detection explains a refusal', () => {
  it('names the formats tried and why each did not fit', async () => {
    const project = await buildProject({ name: 'Round trip' });
    const outcome = await importFile({
      projectId: project.id,
      actorId: null,
      open: async function* () {
        yield Buffer.from('{"question":"Q","answer":"A"}\n');
      },
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors[0]!.message).toMatch(
      /^Unknown format: no format fits the first row \(keys: "question", "answer"\)\. Tried: rankings \(needs .*\); native .*; hh-rlhf \(needs "chosen", "rejected"; missing "chosen", "rejected"\)$/,
    );
  });
});
