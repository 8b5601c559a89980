import { describe, expect, it } from 'vitest';
import { arenaParser } from '@/lib/import/formats/arena';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';
import { fixtureRows, parseFixture, parseRows } from '@/tests/helpers/parse-fixture';

describe('arenaParser', () => {
  it("reads battles: one item each, models as model ids, the verdict as the judge's label", async () => {
    const rows = fixtureRows('arena.jsonl');
    const { items, errors } = await parseFixture('arena.jsonl', arenaParser(DEFAULT_IMPORT_RULES));
    expect(errors).toEqual([]);
    expect(items.map((i) => i.externalId)).toEqual(rows.map((r) => r.question_id));
    const [b1, tie, multi, bothBad] = items as [
      NonNullable<(typeof items)[0]>,
      NonNullable<(typeof items)[0]>,
      NonNullable<(typeof items)[0]>,
      NonNullable<(typeof items)[0]>,
    ];
    expect(b1.messages).toEqual([{ role: 'user', content: 'What is the difference between OpenCL and CUDA?' }]);
    expect(b1.responses.map((r) => [r.externalId, r.modelId])).toEqual([
      [`${b1.externalId}-a`, 'chatglm-6b'],
      [`${b1.externalId}-b`, 'koala-13b'],
    ]);
    expect(b1.labels).toEqual([{ worker: 'arena_user_973', ranking: [[`${b1.externalId}-b`], [`${b1.externalId}-a`]] }]);
    expect(tie.labels[0]!.ranking).toEqual([[`${tie.externalId}-a`, `${tie.externalId}-b`]]);
    expect(bothBad.labels).toEqual([{ worker: 'arena_user_1042', ranking: [], allUnacceptable: true }]);
    expect(bothBad.responses[1]!.text).toBe('');
    // Multi-turn: the first reply is the response, the later turns its continuation.
    expect(multi.messages).toHaveLength(1);
    expect(multi.responses[0]!.metadata).toEqual({
      continuation: [
        { role: 'user', content: 'Which one for street photography?' },
        { role: 'assistant', content: "Fujifilm's compact X100 series is a favourite for street photography." },
      ],
    });
    expect(multi.labels[0]!.ranking[0]).toEqual([`${multi.externalId}-a`]);
    expect(b1.metadata).toMatchObject({ winner: 'model_b', turn: 1, language: 'English', anony: true });
    expect(b1.metadata).not.toHaveProperty('conversation_a');
    expect(b1.metadata).not.toHaveProperty('judge');
  });

  it('refuses an unknown verdict and battles without a shared prompt', () => {
    const conv = (q: string) => [
      { role: 'user', content: q },
      { role: 'assistant', content: 'A' },
    ];
    expect(
      parseRows(arenaParser(DEFAULT_IMPORT_RULES), [
        { model_a: 'a', model_b: 'b', winner: 'draw', conversation_a: conv('Q'), conversation_b: conv('Q') },
        { model_a: 'a', model_b: 'b', winner: 'tie', conversation_a: conv('Q'), conversation_b: conv('P') },
      ]).errors,
    ).toEqual([
      { line: 1, path: 'winner', message: 'winner must be "model_a", "model_b", "tie" or "tie (bothbad)"' },
      {
        line: 2,
        path: 'conversation_a',
        message: 'conversation_a and conversation_b share no user turn: a battle answers the same prompt',
      },
    ]);
  });
});
