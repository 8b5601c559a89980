/**
 * Golden rows of the "perturbations" and "detect-trials" formats, written by hand from
 * docs/export.md (the split of "What is 2+2?" is train at 0.1, as in export-rows.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { detectTrialRows, perturbationRows } from '@/lib/export/critique-eval-rows';
import type { ExportItem } from '@/lib/export/types';

const item: ExportItem = {
  itemId: 'uuid-q1',
  externalId: 'q1',
  messages: [{ role: 'user', content: 'What is 2+2?' }],
  responses: [
    { id: 'r1', externalId: 'a', modelId: 'm-a', text: '2 + 2 = 4.' },
    { id: 'r2', externalId: null, modelId: 'm-b', text: 'Four.' },
  ],
  isGold: false,
  adjudicatedRanking: null,
  judgments: [],
  perturbations: [
    {
      perturbationId: 'p-uuid',
      externalId: null,
      responseId: 'r1',
      author: 'labeler-0123456789ab',
      flawedText: '2 + 2 = 5.',
      description: 'Wrong sum',
      category: 'ACCURACY',
      severity: 4,
      missableBecause: 'Looks like arithmetic',
      flawedSpan: { start: 8, end: 9 },
      originalSpan: { start: 8, end: 9 },
      createdAt: '2026-11-29T01:00:00.000Z',
    },
  ],
  detectTrials: [
    {
      trialId: 't1',
      perturbationId: 'p-uuid',
      perturbationExternalId: 'pert-7',
      responseId: 'r1',
      labeler: 'labeler-ba9876543210',
      arm: 'ASSISTED',
      variant: 'FLAWED',
      likert: 2,
      saysFlawed: true,
      span: { start: 8, end: 10 },
      severity: 3,
      description: 'The sum is wrong',
      foundIntended: true,
      spanOverlap: 1,
      reviewed: false,
      durationMs: 41000,
      critiqueMarks: [{ critiqueId: 'c1', helpful: true }],
      wouldHaveNoticed: false,
      submittedAt: '2026-11-29T02:00:00.000Z',
    },
    {
      trialId: 't2',
      perturbationId: 'p-uuid',
      perturbationExternalId: 'pert-7',
      responseId: 'r1',
      labeler: 'labeler-cccccccccccc',
      arm: 'UNASSISTED',
      variant: 'ORIGINAL',
      likert: 7,
      saysFlawed: false,
      span: null,
      severity: null,
      description: null,
      foundIntended: null,
      spanOverlap: null,
      reviewed: false,
      durationMs: 12000,
      critiqueMarks: [],
      wouldHaveNoticed: null,
      submittedAt: '2026-11-29T02:05:00.000Z',
    },
  ],
};

const lines = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r));

describe('perturbations', () => {
  it('one row per accepted perturbation: conversation, original, flawed, and the planted flaw with both spans', () => {
    expect(lines(perturbationRows(item, { validationShare: 0.1, splitBy: 'conversation' }))).toEqual([
      '{"messages":[{"role":"user","content":"What is 2+2?"}],"original":"2 + 2 = 4.","flawed":"2 + 2 = 5.","flaw":{"description":"Wrong sum","category":"accuracy","severity":4,"missable_because":"Looks like arithmetic","span":{"start":8,"end":9},"original_span":{"start":8,"end":9}},"item_id":"q1","response_id":"a","perturbation_id":"p-uuid","author":"labeler-0123456789ab","created_at":"2026-11-29T01:00:00.000Z","split":"train"}',
    ]);
    expect(perturbationRows({ ...item, perturbations: [] }, { validationShare: 0.1, splitBy: 'conversation' })).toEqual([]);
  });
});

describe('detect-trials', () => {
  it('one row per submitted trial with its cell, answers, scoring, timing and critique marks', () => {
    expect(lines(detectTrialRows(item))).toEqual([
      '{"trial_id":"t1","item_id":"q1","response_id":"a","perturbation_id":"pert-7","labeler":"labeler-ba9876543210","arm":"assisted","variant":"flawed","likert":2,"says_flawed":true,"span":{"start":8,"end":10},"severity":3,"description":"The sum is wrong","found_intended":true,"span_overlap":1,"reviewed_by_lead":false,"duration_ms":41000,"critique_marks":[{"critique_id":"c1","helpful":true}],"would_have_noticed":false,"would_have_noticed_yes_first":null,"submitted_at":"2026-11-29T02:00:00.000Z"}',
      '{"trial_id":"t2","item_id":"q1","response_id":"a","perturbation_id":"pert-7","labeler":"labeler-cccccccccccc","arm":"unassisted","variant":"original","likert":7,"says_flawed":false,"span":null,"severity":null,"description":null,"found_intended":null,"span_overlap":null,"reviewed_by_lead":false,"duration_ms":12000,"critique_marks":[],"would_have_noticed":null,"would_have_noticed_yes_first":null,"submitted_at":"2026-11-29T02:05:00.000Z"}',
    ]);
  });
});
