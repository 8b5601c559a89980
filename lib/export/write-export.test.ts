/**
 * The streaming writer on the worked example of docs/export.md: row counts, split counts, the
 * per-split shard files (names, rows, size and sha256 of exactly their bytes, rolled over at a
 * size), ties never reaching formats that cannot hold them, conversations in "pairs" left out and
 * counted (never the whole export refused), margins without a value left out and counted.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZExportRequest, toExportSettings } from '@/lib/export/schemas';
import { jsonLinesEncoder } from '@/lib/export/shard-encoder';
import type { ExportItem, ExportJudgment } from '@/lib/export/types';
import { writeExport } from '@/lib/export/write-export';
import { createShardSet } from '@/lib/export/write-shards';

const judgment = (labeler: string, ranking: string[][]): ExportJudgment => ({
  judgmentId: `j-${labeler}`,
  labeler,
  source: 'LABELED',
  ranking,
  allUnacceptable: false,
  likert: {},
  flags: {},
  flaws: {},
  promptFlags: [],
  shownOrder: null,
  durationMs: 1000,
  taxonomyVersion: 1,
  createdAt: '2026-11-28T10:00:00.000Z',
});

const q1: ExportItem = {
  itemId: 'uuid-q1',
  externalId: 'q1',
  messages: [{ role: 'user', content: 'What is 2+2?' }],
  responses: [
    { id: 'r1', externalId: 'a', modelId: 'm-a', text: '4' },
    { id: 'r2', externalId: 'b', modelId: 'm-b', text: '5' },
    { id: 'r3', externalId: 'c', modelId: 'm-c', text: 'four' },
    { id: 'r4', externalId: 'd', modelId: 'm-d', text: '22' },
  ],
  isGold: false,
  adjudicatedRanking: null,
  judgments: [
    judgment('L1', [['r1'], ['r3'], ['r2'], ['r4']]),
    judgment('L2', [['r1', 'r3'], ['r2'], ['r4']]),
    judgment('L3', [['r3'], ['r1'], ['r4'], ['r2']]),
  ],
};

async function* batches(...groups: ExportItem[][]) {
  for (const items of groups) yield { items, scanned: items.length };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-write-export-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(request: Record<string, unknown>, groups: ExportItem[][], maxShardBytes?: number) {
  const shards = createShardSet({
    encoder: jsonLinesEncoder,
    dir: fs.mkdtempSync(path.join(tmp, 'run-')),
    ...(maxShardBytes ? { maxShardBytes } : {}),
  });
  const stats = await writeExport({ settings: toExportSettings(ZExportRequest.parse(request)), batches: batches(...groups), shards });
  const files = await shards.finish();
  const contents = files.map((f) => fs.readFileSync(f.tempPath));
  const text = Buffer.concat(contents).toString('utf8');
  return { stats, files, contents, text };
}

describe('writeExport', () => {
  it('writes 6 + 5 + 6 per-labeler pairs into one file per split, with the rows, size and sha256 of each', async () => {
    const out = await run({ format: 'pairs' }, [[q1]]);
    expect(out.stats).toMatchObject({
      rows: 17,
      splits: { train: 17, validation: 0 },
      items: 1,
      judgments: 3,
      labelers: 3,
      models: ['m-a', 'm-b', 'm-c', 'm-d'],
    });
    expect(out.files.map(({ path, split, rows, bytes }) => ({ path, split, rows, bytes }))).toEqual([
      { path: 'data/train-00000-of-00001.jsonl', split: 'train', rows: 17, bytes: out.contents[0]!.length },
      { path: 'data/validation-00000-of-00001.jsonl', split: 'validation', rows: 0, bytes: 0 },
    ]);
    out.files.forEach((f, i) => expect(f.sha256).toBe(createHash('sha256').update(out.contents[i]!).digest('hex')));
    expect(out.text.split('\n')).toHaveLength(18); // 17 lines, each ending in \n
    expect(out.text.endsWith('\n')).toBe(true);
    // 13 of 16 strict pairs agree (docs/export.md).
    expect(out.stats.agreement).toEqual({ agree: 13, compared: 16, items: 1, meanItem: 13 / 16 });
  });

  it('rolls a split over into numbered shards at the size limit, with the same rows in the same order', async () => {
    const items = [1, 2, 3].map((n) => [{ ...q1, itemId: `uuid-q${n}`, externalId: `q${n}` }]);
    const whole = await run({ format: 'rankings', validation_share: 0 }, items);
    const pieces = await run({ format: 'rankings', validation_share: 0 }, items, 10);
    expect(pieces.files.map((f) => `${f.path}:${f.rows}`)).toEqual([
      'data/train-00000-of-00003.jsonl:1',
      'data/train-00001-of-00003.jsonl:1',
      'data/train-00002-of-00003.jsonl:1',
      'data/validation-00000-of-00001.jsonl:0',
    ]);
    expect(pieces.text).toBe(whole.text);
  });

  it('keeps ties only where the format can say "tie"', async () => {
    const pairs = await run({ format: 'pairs', mode: 'consensus', ties: 'keep' }, [[q1]]);
    expect(pairs.text).toContain('"tie":true');
    expect(pairs.stats.rows).toBe(6);
    for (const format of ['hh', 'openai-dpo']) {
      const out = await run({ format, mode: 'consensus', ties: 'keep' }, [[q1]]);
      expect(out.stats.rows).toBe(5);
      expect(out.text).not.toContain('"tie":true');
    }
  });

  it('counts raw and rankings rows on the side of their prompt; raw rows carry no split field', async () => {
    // The prompt's fraction is 0.1101 (export-rows.test.ts): validation at a share of 0.12.
    const raw = await run({ format: 'raw', validation_share: 0.12 }, [[q1]]);
    expect(raw.stats).toMatchObject({ rows: 3, splits: { train: 0, validation: 3 } });
    expect(raw.text).not.toContain('"split"');
    const rankings = await run({ format: 'rankings', validation_share: 0.12 }, [[q1]]);
    expect(rankings.stats).toMatchObject({ rows: 1, splits: { train: 0, validation: 1 } });
  });

  it('applies gold and agreement filters to every format', async () => {
    const gold = { ...q1, isGold: true };
    expect((await run({ format: 'rankings', exclude_gold: true }, [[gold]])).stats.rows).toBe(0);
    expect((await run({ format: 'raw', min_agreement: 0.85 }, [[q1]])).stats.rows).toBe(0);
    expect((await run({ format: 'raw', min_agreement: 0.8 }, [[q1]])).stats.rows).toBe(3);
  });

  it('renders or leaves out and counts a conversation in "pairs", never refusing the export; an empty export is empty', async () => {
    const chat = {
      ...q1,
      itemId: 'uuid-q9',
      externalId: 'q9',
      messages: [
        { role: 'user' as const, content: 'Hi' },
        { role: 'assistant' as const, content: 'Hello' },
        { role: 'user' as const, content: 'Sum?' },
      ],
    };
    const rendered = await run({ format: 'pairs' }, [[q1, chat]]);
    expect(rendered.stats).toMatchObject({ rows: 34, skipped: { multi_turn: 0, no_margin: 0 } });
    const skipped = await run({ format: 'pairs', multi_turn: 'skip' }, [[q1, chat]]);
    expect(skipped.stats).toMatchObject({ rows: 17, skipped: { multi_turn: 1, no_margin: 0 } });
    const bare = await run({ format: 'pairs', prompt_template: 'none' }, [[q1, chat]]);
    expect(bare.stats).toMatchObject({ rows: 17, skipped: { multi_turn: 1 } });
    // No Likert scores in this example: every Likert margin is missing, left out and counted, or 0.0.
    const noMargin = await run({ format: 'pairs', margin: 'likert' }, [[q1]]);
    expect(noMargin.stats).toMatchObject({ rows: 0, skipped: { no_margin: 17 } });
    const zero = await run({ format: 'pairs', margin: 'likert', margin_missing: 'zero' }, [[q1]]);
    expect(zero.stats).toMatchObject({ rows: 17, skipped: { no_margin: 0 } });
    expect(
      zero.text
        .split('\n')
        .filter(Boolean)
        .every((l) => l.includes('"margin":0.0,')),
    ).toBe(true);
    const empty = await run({ format: 'sft' }, [[q1]]);
    expect(empty.stats).toMatchObject({ rows: 0, splits: { train: 0, validation: 0 } });
    // Every split still has its (empty, valid) file.
    expect(empty.files.map((f) => [f.path, f.rows, f.bytes, f.sha256])).toEqual(
      ['train', 'validation'].map((split) => [
        `data/${split}-00000-of-00001.jsonl`,
        0,
        0,
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ]),
    );
  });
});
