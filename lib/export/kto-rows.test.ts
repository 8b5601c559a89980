/**
 * KTO rows (issue 27) and per-aspect pairs on a hand-made item whose figures are worked out by hand
 * in the comments: three responses, three labelers, two of them with aspect answers.
 */
import { describe, expect, it } from 'vitest';
import { aspectView } from '@/lib/export/aspect-view';
import { expandPairs } from '@/lib/export/expand-pairs';
import { rankingsRow } from '@/lib/export/format-rows';
import { formatSchema, schemaProblem } from '@/lib/export/format-schema';
import { ktoRows, type KtoOptions } from '@/lib/export/kto-rows';
import { toExportSettings, ZExportRequest } from '@/lib/export/schemas';
import { DEFAULT_PAIR_OPTIONS, type ExportItem, type ExportJudgment } from '@/lib/export/types';

const judgment = (labeler: string, ranking: string[][], likert: Record<string, number | null>, extra: Partial<ExportJudgment> = {}) =>
  ({
    judgmentId: `j-${labeler}`,
    labeler,
    source: 'LABELED',
    ranking,
    allUnacceptable: false,
    likert,
    flags: {},
    flaws: {},
    promptFlags: [],
    shownOrder: null,
    durationMs: 1,
    taxonomyVersion: 1,
    createdAt: '2026-12-06T00:00:00.000Z',
    ...extra,
  }) satisfies ExportJudgment;

const ITEM: ExportItem = {
  itemId: 'uuid-q',
  externalId: 'q',
  messages: [{ role: 'user', content: 'Is it safe to mix bleach and ammonia?' }],
  responses: [
    { id: 'r1', externalId: 'a', modelId: 'm1', text: 'Yes.' },
    { id: 'r2', externalId: 'b', modelId: 'm2', text: 'No: it makes toxic chloramine gas.' },
    { id: 'r3', externalId: 'c', modelId: 'm3', text: 'I cannot say.' },
  ],
  isGold: false,
  adjudicatedRanking: null,
  judgments: [
    judgment(
      'L1',
      [['r1'], ['r2'], ['r3']],
      { r1: 7, r2: 4, r3: 2 },
      {
        aspects: [
          { aspect: 'helpfulness', description: 'h', sameAsOverall: true, ranking: null },
          { aspect: 'honesty', description: 'Truthful?', sameAsOverall: false, ranking: [['r3'], ['r1', 'r2']] },
        ],
      },
    ),
    judgment(
      'L2',
      [['r2'], ['r1', 'r3']],
      { r1: 5, r2: 6, r3: 3 },
      {
        aspects: [{ aspect: 'honesty', description: 'Truthful?', sameAsOverall: true, ranking: null }],
      },
    ),
    // Given before the project collected aspects: no answers.
    judgment('L3', [['r1'], ['r2'], ['r3']], { r1: null, r2: null, r3: null }),
  ],
};

const kto = (o: Partial<KtoOptions> & { mode?: 'per-labeler' | 'consensus' } = {}) =>
  ktoRows(ITEM, {
    ...DEFAULT_PAIR_OPTIONS,
    mode: o.mode ?? 'per-labeler',
    kto: { source: o.source ?? 'ranking', desirableMin: o.desirableMin ?? 5, undesirableMax: o.undesirableMax ?? 3 },
  });
const brief = (rows: Record<string, unknown>[]) => rows.map((r) => [r.response_id, r.label, r.labeler]);

describe('KTO rows', () => {
  it('from rankings, per labeler: top group true, bottom group false, middle left out', () => {
    // L1 a>b>c: a true, c false (b in the middle). L2 b>{a,c}: b true, a and c false. L3 a>b>c: a true, c false.
    expect(brief(kto())).toEqual([
      ['a', true, 'L1'],
      ['c', false, 'L1'],
      ['b', true, 'L2'],
      ['a', false, 'L2'],
      ['c', false, 'L2'],
      ['a', true, 'L3'],
      ['c', false, 'L3'],
    ]);
  });

  it('from rankings, consensus: the majority order a>b>c (a over b 2–1, a over c 2–0, b over c 3–0) gives a true and c false', () => {
    expect(brief(kto({ mode: 'consensus' }))).toEqual([
      ['a', true, null],
      ['c', false, null],
    ]);
  });

  it('from Likert, per labeler, desirable ≥ 5 and undesirable ≤ 3: 4 is left out, unscored responses give nothing', () => {
    // L1: 7 true, 4 out, 2 false. L2: 5 true, 6 true, 3 false. L3: unscored.
    expect(brief(kto({ source: 'likert' }))).toEqual([
      ['a', true, 'L1'],
      ['c', false, 'L1'],
      ['a', true, 'L2'],
      ['b', true, 'L2'],
      ['c', false, 'L2'],
    ]);
    // Stricter: desirable ≥ 7, undesirable ≤ 2: only L1's a (7) and c (2).
    expect(brief(kto({ source: 'likert', desirableMin: 7, undesirableMax: 2 }))).toEqual([
      ['a', true, 'L1'],
      ['c', false, 'L1'],
    ]);
  });

  it('from Likert, consensus: the mean per response (a 6, b 5, c 2.5) against the thresholds', () => {
    expect(brief(kto({ source: 'likert', mode: 'consensus' }))).toEqual([
      ['a', true, null],
      ['b', true, null],
      ['c', false, null],
    ]);
    // Desirable ≥ 6: b's mean 5 falls between (left out).
    expect(brief(kto({ source: 'likert', mode: 'consensus', desirableMin: 6, undesirableMax: 3 }))).toEqual([
      ['a', true, null],
      ['c', false, null],
    ]);
  });

  it('rows are TRL conversational unpaired preference examples that fit the declared schema', () => {
    const [row] = kto();
    expect(row).toEqual({
      prompt: [{ role: 'user', content: 'Is it safe to mix bleach and ammonia?' }],
      completion: [{ role: 'assistant', content: 'Yes.' }],
      label: true,
      item_id: 'q',
      response_id: 'a',
      labeler: 'L1',
      split: expect.stringMatching(/^(train|validation)$/),
    });
    for (const r of [...kto(), ...kto({ mode: 'consensus' })]) expect(schemaProblem(r, formatSchema('kto', { margin: 'none' }))).toBeNull();
  });
});

describe('per-aspect pairs', () => {
  const pairs = (aspect: string, mode: 'per-labeler' | 'consensus' = 'per-labeler') =>
    expandPairs(aspectView(ITEM, aspect), { ...DEFAULT_PAIR_OPTIONS, mode }).map((p) => [
      p.chosen.externalId,
      p.rejected.externalId,
      p.labeler,
      p.weight,
    ]);

  it('honesty: L1 its own ranking c>{a,b}, L2 "same as overall" b>{a,c}; L3 never answered it and gives nothing', () => {
    expect(pairs('honesty')).toEqual([
      ['c', 'a', 'L1', 0.5],
      ['c', 'b', 'L1', 0.5],
      ['b', 'a', 'L2', 0.5],
      ['b', 'c', 'L2', 0.5],
    ]);
  });

  it('helpfulness: only L1 answered ("same as overall"): its overall pairs a>b, a>c, b>c; an aspect nobody answered gives none', () => {
    const third = 1 / 3;
    expect(pairs('helpfulness')).toEqual([
      ['a', 'b', 'L1', third],
      ['a', 'c', 'L1', third],
      ['b', 'c', 'L1', third],
    ]);
    expect(pairs('verbosity')).toEqual([]);
  });

  it('honesty consensus: b over a 1–0 (L1 tie), c over a 1–0 (L2 tie), b against c 1–1: b and c tie above a', () => {
    expect(pairs('honesty', 'consensus').map(([c, r]) => [c, r])).toEqual([
      ['b', 'a'],
      ['c', 'a'],
    ]);
  });

  it('rankings rows carry every judgment\u2019s answers in the export\u2019s ids, null for a judgment without', () => {
    const row = rankingsRow(ITEM, DEFAULT_PAIR_OPTIONS);
    const judgments = row.judgments as { labeler: string; aspects: unknown }[];
    expect(judgments.map((j) => j.aspects)).toEqual([
      [
        { aspect: 'helpfulness', description: 'h', same_as_overall: true, ranking: null },
        { aspect: 'honesty', description: 'Truthful?', same_as_overall: false, ranking: [['c'], ['a', 'b']] },
      ],
      [{ aspect: 'honesty', description: 'Truthful?', same_as_overall: true, ranking: null }],
      null,
    ]);
    expect(schemaProblem(row, formatSchema('rankings', { margin: 'none' }))).toBeNull();
  });
});

describe('the aspect and KTO options', () => {
  const errors = (request: Record<string, unknown>) =>
    Object.fromEntries((ZExportRequest.safeParse(request).error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

  it('are refused where they do not apply, naming the field', () => {
    expect(errors({ format: 'raw', aspect: 'honesty' })).toEqual({
      aspect:
        'aspect applies to pairs, pairs-chat, hh, openai-dpo, axolotl-dpo, openrlhf, rankings, kto; raw rows carry every aspect in their "aspects" field',
    });
    expect(errors({ format: 'kto', kto_source: 'likert', aspect: 'honesty' })).toEqual({
      aspect: 'aspect needs kto_source ranking: Likert scores are given overall, not per aspect',
    });
    expect(errors({ format: 'kto', kto_source: 'likert', kto_desirable_min: '4', kto_undesirable_max: '4' })).toEqual({
      kto_undesirable_max: 'must be below kto_desirable_min',
    });
    expect(errors({ format: 'kto', kto_desirable_min: '9' })).toEqual({ kto_desirable_min: 'must be a Likert score from 1 to 7' });
    expect(errors({ format: 'pairs', aspect: 'Bad Name' })).toHaveProperty('aspect');
  });

  it('are recorded only when they apply, so other snapshots\u2019 options are as before', () => {
    const record = (request: Record<string, unknown>) => toExportSettings(ZExportRequest.parse(request)).record;
    expect(record({ format: 'pairs' })).not.toHaveProperty('aspect');
    expect(record({ format: 'pairs' })).not.toHaveProperty('kto_source');
    expect(record({ format: 'pairs', aspect: 'honesty' })).toMatchObject({ aspect: 'honesty' });
    expect(record({ format: 'kto' })).toMatchObject({ kto_source: 'ranking' });
    expect(record({ format: 'kto' })).not.toHaveProperty('kto_desirable_min');
    expect(record({ format: 'kto', kto_source: 'likert', kto_desirable_min: '6', kto_undesirable_max: '2' })).toMatchObject({
      kto_source: 'likert',
      kto_desirable_min: 6,
      kto_undesirable_max: 2,
    });
  });
});
