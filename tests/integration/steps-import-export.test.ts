/**
 * Issue 27: PRM800K and TRL stepwise files imported with their labels and written out by the real
 * export (loader and writer) give back what they held; a re-import of the export equals the first
 * import; bad rows are refused naming row, field and reason, with nothing written; consensus and
 * the neutral rule on labels made in the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildItem, buildProject, buildStepJudgment, insertUsers } from '@/lib/builders';
import { getPgPool, withTransaction } from '@/lib/db';
import { loadExportItems } from '@/lib/export/load-export-items';
import { ZExportRequest, toExportSettings } from '@/lib/export/schemas';
import { rowRules } from '@/lib/export/build-manifest';
import { streamShards, writeExport } from '@/lib/export/write-export';
import { importFile } from '@/lib/import/import-file';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import');
type Row = Record<string, unknown>;
const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

async function importText(projectId: string, content: string) {
  return importFile({
    projectId,
    actorId: null,
    withLabels: true,
    open: async function* () {
      yield Buffer.from(content, 'utf8');
    },
  });
}

async function exportRows(projectId: string, format: string, options: Record<string, unknown> = {}): Promise<Row[]> {
  const settings = toExportSettings(ZExportRequest.parse({ format, ...options }));
  const chunks: Buffer[] = [];
  await withTransaction(
    async (client) => {
      await writeExport({
        settings,
        batches: loadExportItems({ client, projectId, settings }),
        shards: streamShards(async (c) => void chunks.push(c)),
      });
    },
    { isolation: 'repeatable read', readOnly: true },
  );
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
}

/** What a project holds, ids left out: items (conversation, metadata, the solution's text and steps) and their step labellings. */
async function contents(projectId: string) {
  const { rows } = await getPgPool().query(
    `SELECT i.messages, i.metadata, r.text, r.metadata AS "responseMetadata",
            (SELECT json_agg(json_build_object('steps', s.steps, 'labels', s.labels, 'finish', s."finishReason", 'ms', s."durationMs", 'source', s.source) ORDER BY s.labels::text)
               FROM step_judgments s WHERE s."itemId" = i.id) AS labels
     FROM items i JOIN responses r ON r."itemId" = i.id WHERE i."projectId" = $1`,
    [projectId],
  );
  return sorted(rows);
}

async function roundTrip(fixture: string, format: string) {
  const first = await buildProject({ name: 'Steps in' });
  const source = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
  const outcome = await importText(first.id, source);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  const exported = await exportRows(first.id, format);
  const second = await buildProject({ name: 'Steps again' });
  const again = await importText(second.id, exported.map((r) => JSON.stringify(r)).join('\n'));
  if (!again.ok) throw new Error(JSON.stringify(again.errors));
  return {
    source: source
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row),
    outcome,
    exported,
    first,
    second,
    again,
  };
}

describe('PRM800K: import → export → import', () => {
  it('stores the chosen trajectory as step labels and round-trips equal', async () => {
    const { outcome, exported, first, second, again } = await roundTrip('prm800k.jsonl', 'prm800k');
    expect(outcome.ok && outcome.summary).toMatchObject({ format: 'prm800k', itemsCreated: 3, labelsCreated: 3 });
    expect(again.ok && again.summary).toMatchObject({ format: 'prm800k', itemsCreated: 3, labelsCreated: 3 });
    const byProblem = new Map(exported.map((r) => [(r.question as Row).problem as string, r]));
    // Phase 2, found_error: pre-generated steps kept; the error step is the first completion (the alternative is not imported).
    const gcf = byProblem.get('What is the greatest common factor of $20 !$ and $200,\\!000$?')!;
    expect((gcf.question as Row).pre_generated_steps).toHaveLength(3);
    expect(gcf.label).toMatchObject({
      finish_reason: 'found_error',
      total_time: 278270,
      final_answer: null,
      steps: [
        {
          completions: [
            { text: 'I want to find the largest positive integer that divides both numbers.', rating: 0, flagged: null, flaw: null },
          ],
          chosen_completion: 0,
        },
        {
          completions: [{ text: 'I know that $200,\\!000 = 2^9\\cdot 5^4$.', rating: -1, flagged: null, flaw: null }],
          chosen_completion: 0,
        },
      ],
    });
    expect(gcf).toMatchObject({ generation: 9, timestamp: '2023-01-22T04:34:27.052924', is_quality_control_question: false });
    // Phase 1: the chosen completion of each step; a human completion is a +1 step.
    const three = byProblem.get('What is $3 \\times 3$?')!;
    expect((three.label as Row).steps).toMatchObject([
      { completions: [{ text: 'Three times three is nine.', rating: 1 }] },
      { completions: [{ rating: 1 }] },
    ]);
    expect(await contents(second.id)).toEqual(await contents(first.id));
  });
});

describe('TRL stepwise: import → export → import', () => {
  it('gives back every row (prompt, completions, labels) and re-imports equal', async () => {
    const { source, exported, first, second } = await roundTrip('trl-stepwise.jsonl', 'trl-stepwise');
    expect(sorted(exported.map((r) => ({ prompt: r.prompt, completions: r.completions, labels: r.labels })))).toEqual(sorted(source));
    expect(exported.every((r) => typeof r.labeler === 'string' && (r.split === 'train' || r.split === 'validation'))).toBe(true);
    expect(await contents(second.id)).toEqual(await contents(first.id));
  });
});

describe('step formats: bad rows', () => {
  it('refuses the whole file naming row, field and reason; nothing is written', async () => {
    const project = await buildProject({ name: 'Bad steps' });
    const good = { prompt: 'Q?', completions: ['a', 'b'], labels: [true, false] };
    const outcome = await importText(
      project.id,
      [good, { prompt: 'Q2?', completions: ['a', 'b'], labels: [true] }, { prompt: 'Q3?', completions: 'a' }]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors).toEqual([
      expect.objectContaining({ line: 2, path: 'labels', message: '"labels" has 1 entries for 2 steps; give one per step' }),
      expect.objectContaining({ line: 3, path: 'completions', message: '"completions" must be a list of steps (strings)' }),
    ]);
    const prm = await importText(
      project.id,
      JSON.stringify({
        question: { problem: 'P?' },
        label: { steps: [{ completions: [{ text: 'x', rating: 1 }], chosen_completion: 4 }], finish_reason: 'solution' },
      }),
    );
    expect(prm.ok).toBe(false);
    if (prm.ok) return;
    expect(prm.errors[0]).toMatchObject({
      line: 1,
      path: 'label.steps[0].chosen_completion',
      message: 'Completion 4 does not exist (the step has 1)',
    });
    const { rows } = await getPgPool().query(
      `SELECT (SELECT count(*) FROM items WHERE "projectId" = $1)::int AS items, (SELECT count(*) FROM step_judgments WHERE "projectId" = $1)::int AS labels`,
      [project.id],
    );
    expect(rows[0]).toEqual({ items: 0, labels: 0 });
  });
});

describe('trl-stepwise export of labels made in the app', () => {
  it('applies the neutral rule both ways, per labeler and by consensus, and states it in the manifest rules', async () => {
    const project = await buildProject({ name: 'Stepwise' });
    const users = await insertUsers({ count: 3 });
    const item = await buildItem({ projectId: project.id, prompt: 'What is 2 + 3 × 4?', responses: [{ text: 'a\n\nb\n\nc' }] });
    const response = item.responses[0]!;
    await buildStepJudgment({ projectId: project.id, item, response, userId: users[0]!.id, ratings: [1, 0, -1], source: 'LABELED' });
    await buildStepJudgment({ projectId: project.id, item, response, userId: users[1]!.id, ratings: [1, 0, 1], source: 'LABELED' });
    await buildStepJudgment({ projectId: project.id, item, response, userId: users[2]!.id, ratings: [1, -1], source: 'LABELED' });
    const neutralTrue = await exportRows(project.id, 'trl-stepwise', { neutral_as: 'true' });
    expect(sorted(neutralTrue.map((r) => r.labels))).toEqual(
      sorted([
        [true, true, false],
        [true, true, true],
        [true, false],
      ]),
    );
    const neutralFalse = await exportRows(project.id, 'trl-stepwise', { neutral_as: 'false' });
    expect(sorted(neutralFalse.map((r) => r.labels))).toEqual(
      sorted([
        [true, false, false],
        [true, false, true],
        [true, false],
      ]),
    );
    // Consensus: step 1 all +1; step 2 0,0,−1 → 0; step 3 −1 vs +1 → tie: the row stops.
    const consensus = await exportRows(project.id, 'trl-stepwise', { mode: 'consensus', neutral_as: 'false' });
    expect(consensus).toEqual([
      expect.objectContaining({ prompt: 'What is 2 + 3 × 4?', completions: ['a', 'b'], labels: [true, false], labeler: null }),
    ]);
    const settings = toExportSettings(ZExportRequest.parse({ format: 'trl-stepwise', neutral_as: 'false' }));
    expect(settings.record.neutral_as).toBe('false');
    expect(rowRules(settings.format, settings.record)).toContain(
      'Neutral rule: a neutral (0) step is labelled false (it counts as incorrect); +1 is true and −1 false.',
    );
  });
});
