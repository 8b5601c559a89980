/**
 * Export items of different content for the row-shape tests: single-turn and conversational
 * prompts, multi-byte text, Likert scores missing, flags and flaws on some responses only, an
 * adjudicated item, labeler group attributes, and every row function applied to them.
 */
import { arenaRows } from '@/lib/arena/arena-rows';
import type { ArenaVote } from '@/lib/arena/types';
import { expandPairs } from '@/lib/export/expand-pairs';
import { pairFormatRow, rankingsRow, rawRows, sftRows } from '@/lib/export/format-rows';
import { detectTrialRows, perturbationRows } from '@/lib/export/critique-eval-rows';
import { judgeRows } from '@/lib/export/judge-rows';
import { DEFAULT_KTO_OPTIONS, ktoRows } from '@/lib/export/kto-rows';
import { prm800kRows, trlStepwiseRows } from '@/lib/export/step-rows';
import {
  DEFAULT_PAIR_OPTIONS,
  PAIR_FORMATS,
  type ExportFormat,
  type ExportItem,
  type ExportJudgment,
  type PairOptions,
} from '@/lib/export/types';

export const judgment = (
  labeler: string,
  ranking: string[][],
  likert: Record<string, number | null>,
  extra: Partial<ExportJudgment> = {},
): ExportJudgment => ({
  judgmentId: `j-${labeler}-${ranking.flat().join('')}`,
  labeler,
  source: 'LABELED',
  ranking,
  allUnacceptable: false,
  likert,
  flags: {},
  flaws: {},
  promptFlags: [],
  shownOrder: null,
  durationMs: 1000,
  taxonomyVersion: 1,
  createdAt: '2026-11-28T10:00:00.000Z',
  // As in a project that opted in to group attributes: every judgment has them ({} when none qualify).
  groups: {},
  ...extra,
});

/** Chunk A: two ASCII single-turn items, responses a–d, Likert everywhere, one flag and one flaw. */
export const chunkA: ExportItem[] = [
  {
    itemId: 'uuid-q1',
    externalId: 'q1',
    messages: [{ role: 'user', content: 'What is 2+2?' }],
    responses: [
      { id: 'r1', externalId: 'a', modelId: 'm-a', text: '4' },
      { id: 'r2', externalId: 'b', modelId: 'm-b', text: '5' },
      { id: 'r3', externalId: 'c', modelId: 'm-c', text: 'four' },
      { id: 'r4', externalId: 'd', modelId: null, text: '22' },
    ],
    isGold: false,
    adjudicatedRanking: null,
    judgments: [
      judgment(
        'L1',
        [['r1'], ['r3'], ['r2'], ['r4']],
        { r1: 7, r2: 2, r3: 6, r4: 1 },
        { flags: { r4: ['wrong'] }, shownOrder: ['r2', 'r1', 'r4', 'r3'], groups: { language: ['english', 'german'] } },
      ),
      judgment(
        'L2',
        [['r1', 'r3'], ['r2'], ['r4']],
        { r1: 6, r2: 3, r3: 6, r4: 1 },
        {
          flaws: { r2: [{ start: 0, end: 1, category: 'accuracy', severity: 3, comment: 'wrong sum' }] },
          groups: { language: ['english'] },
        },
      ),
    ],
  },
  {
    itemId: 'uuid-q2',
    externalId: null,
    messages: [{ role: 'user', content: 'Name a prime.' }],
    responses: [
      { id: 's1', externalId: null, modelId: 'm-a', text: 'Seven' },
      { id: 's2', externalId: null, modelId: 'm-b', text: 'Nine' },
    ],
    isGold: true,
    adjudicatedRanking: null,
    judgments: [judgment('L1', [['s1'], ['s2']], { s1: 6, s2: 2 }, { promptFlags: ['ambiguous'] })],
  },
];

/** Chunk B: other ids and shapes: three responses, a conversation with a system message, multi-byte text, a missing Likert score, an adjudicated item. */
export const chunkB: ExportItem[] = [
  {
    itemId: 'uuid-q3',
    externalId: 'hh-17',
    messages: [
      { role: 'system', content: 'Réponds brièvement.' },
      { role: 'user', content: '“Hi” — 你好, مرحبا 👋🏽' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'e\u0301 and 🇯🇵?' },
    ],
    responses: [
      { id: 't1', externalId: 'x', modelId: 'm-x', text: 'Ça va ✓' },
      { id: 't2', externalId: 'y', modelId: 'm-y', text: '日本語の答え' },
      { id: 't3', externalId: 'z', modelId: 'm-z', text: 'نعم 🎉' },
    ],
    isGold: false,
    adjudicatedRanking: null,
    judgments: [
      judgment(
        'L3',
        [['t2'], ['t1', 't3']],
        { t1: 4, t2: 6, t3: null },
        {
          flags: { t3: ['unsafe', 'rude'] },
          flaws: { t1: [{ start: 2, end: 4, category: 'coherence', severity: 1, comment: '' }] },
          promptFlags: ['non_english'],
          restGroupedBelow: true,
          groups: { region: ['east asia'] },
        },
      ),
      judgment('L4', [['t2'], ['t3'], ['t1']], { t1: 5, t2: 2, t3: 3 }, { source: 'IMPORTED', shownOrder: null }),
      judgment('L5', [['t1'], ['t2'], ['t3']], { t1: null, t2: null, t3: null }, { shownOrder: ['t3', 't1', 't2'] }),
    ],
  },
  {
    itemId: 'uuid-q4',
    externalId: 'q4',
    messages: [{ role: 'user', content: 'Pick one.' }],
    responses: [
      { id: 'u1', externalId: 'u1', modelId: 'm-a', text: 'A' },
      { id: 'u2', externalId: 'u2', modelId: 'm-b', text: 'B' },
    ],
    isGold: false,
    adjudicatedRanking: [['u2'], ['u1']],
    judgments: [judgment('L6', [['u1'], ['u2']], { u1: 5, u2: 4 })],
  },
];

export const options = (o: Partial<PairOptions> = {}): PairOptions => ({ ...DEFAULT_PAIR_OPTIONS, validationShare: 0.5, ...o });

/** Every row the row functions give for the items in a format (pair formats through expandPairs; ties kept where a format can say "tie"). */
export function rowsOf(format: ExportFormat, items: ExportItem[], o: Partial<PairOptions> = {}): Record<string, unknown>[] {
  const all = options(o);
  if ((PAIR_FORMATS as readonly string[]).includes(format)) {
    const pairFormat = format as (typeof PAIR_FORMATS)[number];
    const ties = pairFormat === 'pairs' || pairFormat === 'pairs-chat' ? all.ties : 'drop';
    return items.flatMap((item) => expandPairs(item, { ...all, ties }).map((p) => pairFormatRow(pairFormat, p, all)));
  }
  if (format === 'rankings') return items.map((item) => rankingsRow(item, all));
  if (format === 'arena') return arenaRows(items.map(chatVoteOf));
  if (format === 'raw') return items.flatMap((item) => rawRows(item));
  if (format === 'sft')
    return items.flatMap((item) =>
      sftRows({ ...item, demonstrations: [{ demonstrationId: `d-${item.itemId}`, labeler: 'L1', text: item.responses[0]!.text }] }, all),
    );
  if (format === 'trl-stepwise' || format === 'prm800k') {
    // Two labellings per item: one stopped at the first error (with a flaw note), one whole and imported.
    return items.flatMap((item, i) => {
      const steps = [`${item.responses[0]!.text}`, 'Then the next step.', 'So the answer follows.'];
      const withSteps = {
        ...item,
        stepJudgments: [
          {
            stepJudgmentId: `s1-${item.itemId}`,
            responseId: item.responses[0]!.id,
            labeler: 'L1',
            source: 'LABELED' as const,
            steps,
            labels: [{ rating: 1 as const }, { rating: -1 as const, flaw: 'wrong sign' }],
            finalAnswer: 'INCORRECT' as const,
            finishReason: null,
            durationMs: 1200,
            createdAt: '2026-11-29T01:00:00.000Z',
            question: null,
          },
          {
            stepJudgmentId: `s2-${item.itemId}`,
            responseId: item.responses[0]!.id,
            labeler: 'L2',
            source: 'IMPORTED' as const,
            steps,
            labels: [{ rating: 1 as const }, { rating: 0 as const }, { rating: 1 as const }],
            finalAnswer: null,
            finishReason: 'solution',
            durationMs: 0,
            createdAt: '2026-11-29T01:00:00.000Z',
            question: i % 2 ? { question: { ground_truth_answer: '4' }, row: { generation: 3, is_quality_control_question: true } } : null,
          },
        ],
      };
      return format === 'prm800k' ? prm800kRows(withSteps, all) : trlStepwiseRows(withSteps, { ...all, neutralAs: 'true' });
    });
  }
  if (format === 'perturbations') {
    return items.flatMap((item) =>
      perturbationRows(
        {
          ...item,
          perturbations: [
            {
              perturbationId: `p-${item.itemId}`,
              externalId: null,
              responseId: item.responses[0]!.id,
              author: null,
              flawedText: `${item.responses[0]!.text}!`,
              description: 'Added noise',
              category: 'STYLE',
              severity: 1,
              missableBecause: 'Small',
              flawedSpan: { start: 0, end: 1 },
              originalSpan: { start: 0, end: 1 },
              createdAt: '2026-11-29T01:00:00.000Z',
            },
          ],
        },
        all,
      ),
    );
  }
  if (format === 'judge')
    return items.flatMap((item, i) =>
      judgeRows(
        {
          ...item,
          judgeLabels: [false, true].map((reversed) => ({
            labelId: `jl-${item.itemId}-${reversed}`,
            jobId: 'job-1',
            connection: 'Judge',
            model: 'judge-model',
            modelReported: i % 2 ? null : 'judge-model-0613',
            templateVersion: i,
            reversed,
            shownOrder: item.responses.map((r) => r.id),
            ranking: [item.responses.map((r) => r.id)],
            ratings: item.responses.map((r, k) => ({ responseId: r.id, likert: 1 + k, flags: k ? [] : ['unsafe'] })),
            reason: 'ok ✓',
            createdAt: '2026-11-29T03:00:00.000Z',
          })),
        },
        all,
      ),
    );
  if (format === 'kto') return items.flatMap((item) => ktoRows(item, { ...all, kto: DEFAULT_KTO_OPTIONS }));
  return items.flatMap((item, i) =>
    detectTrialRows({
      ...item,
      detectTrials: [
        {
          trialId: `t-${item.itemId}`,
          perturbationId: 'p1',
          perturbationExternalId: null,
          responseId: item.responses[0]!.id,
          labeler: 'L1',
          arm: i % 2 ? 'ASSISTED' : 'UNASSISTED',
          variant: i % 2 ? 'FLAWED' : 'ORIGINAL',
          likert: 4,
          saysFlawed: i % 2 === 1,
          span: i % 2 ? { start: 0, end: 2 } : null,
          severity: i % 2 ? 2 : null,
          description: i % 2 ? 'found it' : null,
          foundIntended: i % 2 ? true : null,
          spanOverlap: i % 2 ? 1 : null,
          reviewed: false,
          durationMs: i % 2 ? 5000 : null,
          critiqueMarks: i % 2 ? [{ critiqueId: 'c1', helpful: true }] : [],
          wouldHaveNoticed: null,
          submittedAt: '2026-11-29T02:00:00.000Z',
        },
      ],
    }),
  );
}

/** A chat battle vote on the item's first two responses (issue 26): B wins, a tie, or both bad, in turn. */
export function chatVoteOf(item: ExportItem, n: number): ArenaVote {
  const winners: ArenaVote['winner'][] = [{ kind: 'side', index: 1 }, { kind: 'tie' }, { kind: 'bothbad' }];
  return {
    battleId: `b-${item.itemId}`,
    turn: 1,
    sides: item.responses.slice(0, 2).map((r) => ({
      connectionId: r.id,
      model: r.modelId ?? 'unknown',
      conversation: [...item.messages, { role: 'assistant' as const, content: r.text }],
      answer: r.text,
    })),
    winner: winners[n % 3]!,
    judge: 'L1',
    anony: true,
    votedAt: new Date('2026-12-01T10:00:00.500Z'),
    language: null,
  };
}
