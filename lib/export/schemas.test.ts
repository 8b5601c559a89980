import { describe, expect, it } from 'vitest';
import { labelerPseudonym } from '@/lib/export/labeler-pseudonym';
import { ZDatasetCardSettings, ZExportRequest, settingsFromRecord, toExportSettings, type ExportOptionsRecord } from '@/lib/export/schemas';

const errorsOf = (input: unknown) => {
  const r = ZExportRequest.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('ZExportRequest', () => {
  it('fills the defaults of docs/export.md', () => {
    expect(toExportSettings(ZExportRequest.parse({ format: 'pairs' })).record).toEqual({
      mode: 'per-labeler',
      ties: 'drop',
      margin: 'none',
      margin_missing: 'skip',
      margin_signed: false,
      pair_weight: 'ranking',
      prompt_template: 'hh',
      multi_turn: 'render',
      min_votes: 1,
      min_agreement: null,
      exclude_gold: false,
      exclude_flags: [],
      judged_from: null,
      judged_before: null,
      validation_share: 0.1,
      split_by: 'conversation',
      file_format: 'jsonl',
    });
  });

  it('reads the file format (jsonl or parquet); a record from before the option reads as jsonl', () => {
    const parquet = toExportSettings(ZExportRequest.parse({ format: 'rankings', file_format: 'parquet' }));
    expect(parquet.record.file_format).toBe('parquet');
    expect(errorsOf({ format: 'pairs', file_format: 'csv' })).toEqual({ file_format: 'file_format must be jsonl or parquet' });
    const { file_format: _dropped, ...old } = toExportSettings(ZExportRequest.parse({ format: 'pairs' })).record;
    expect(settingsFromRecord('pairs', old as ExportOptionsRecord).record.file_format).toBe('jsonl');
  });

  it('reads form strings: checkboxes, blanks, comma lists; a day as "to" includes all of it', () => {
    const settings = toExportSettings(
      ZExportRequest.parse({
        format: 'pairs-chat',
        mode: 'consensus',
        ties: 'keep',
        margin: '',
        min_votes: '2',
        min_agreement: '0.5',
        exclude_gold: 'on',
        exclude_flags: 'b_flag, a_flag',
        from: '2026-01-01',
        to: '2026-01-31',
        validation_share: '0.2',
      }),
    );
    expect(settings.record).toMatchObject({
      mode: 'consensus',
      ties: 'keep',
      margin: 'none',
      min_votes: 2,
      min_agreement: 0.5,
      exclude_gold: true,
      exclude_flags: ['a_flag', 'b_flag'],
    });
    expect(settings.judgedFrom).toBe('2026-01-01T00:00:00.000Z');
    expect(settings.judgedBefore).toBe('2026-02-01T00:00:00.000Z');
    expect(settings.pair).toMatchObject({
      mode: 'consensus',
      ties: 'keep',
      minVotes: 2,
      minAgreement: 0.5,
      excludeGold: true,
      validationShare: 0.2,
    });
  });

  it('records ties as dropped for formats that cannot hold them', () => {
    expect(toExportSettings(ZExportRequest.parse({ format: 'hh', ties: 'keep' })).record.ties).toBe('drop');
    expect(toExportSettings(ZExportRequest.parse({ format: 'openai-dpo', ties: 'keep' })).pair.ties).toBe('drop');
  });

  it('records openai-dpo as consensus only (its rows carry no labeler to tell contradicting pairs apart)', () => {
    expect(toExportSettings(ZExportRequest.parse({ format: 'openai-dpo', mode: 'per-labeler' })).record.mode).toBe('consensus');
    expect(toExportSettings(ZExportRequest.parse({ format: 'axolotl-dpo', mode: 'per-labeler' })).record.mode).toBe('per-labeler');
  });

  it('reads the split key and the margin, weight and template options, refusing unknown values', () => {
    const record = toExportSettings(
      ZExportRequest.parse({
        format: 'pairs',
        split_by: 'metadata:prompt_id',
        margin: 'likert',
        margin_missing: 'zero',
        margin_signed: 'on',
        pair_weight: 'prompt',
        prompt_template: 'none',
        multi_turn: 'skip',
      }),
    ).record;
    expect(record).toMatchObject({
      split_by: 'metadata:prompt_id',
      margin: 'likert',
      margin_missing: 'zero',
      margin_signed: true,
      pair_weight: 'prompt',
      prompt_template: 'none',
      multi_turn: 'skip',
    });
    expect(errorsOf({ format: 'pairs', split_by: 'prompt', margin: 'mean', pair_weight: 'pair' })).toEqual({
      split_by: 'split_by must be conversation, first_turn or metadata:<field> (letters, digits, _ . -)',
      margin: 'margin must be none, votes or likert',
      pair_weight: 'pair_weight must be ranking or prompt',
    });
  });

  it('names each bad field and refuses unknown keys', () => {
    expect(
      errorsOf({
        format: 'csv',
        min_votes: '0',
        min_agreement: '2',
        validation_share: '-1',
        from: 'yesterday',
        exclude_flags: ['Bad Flag'],
      }),
    ).toEqual({
      format:
        'format must be one of pairs, pairs-chat, hh, openai-dpo, axolotl-dpo, openrlhf, rankings, raw, sft, perturbations, detect-trials, judge, kto, trl-stepwise, prm800k, arena',
      min_votes: 'must be at least 1',
      min_agreement: 'must be between 0 and 1',
      validation_share: 'must be between 0 and 1',
      from: 'must be a date (YYYY-MM-DD) or an ISO date-time with a time zone',
      'exclude_flags.0': 'a flag key is lower-case letters, digits and underscores',
    });
    expect(errorsOf({ format: 'pairs', from: '2026-02-01', to: '2026-01-01' })).toEqual({ to: 'must be after "from"' });
    expect(Object.keys(errorsOf({ format: 'pairs', minVotes: 2 }))).toEqual(['']);
  });
});

describe('labelerPseudonym', () => {
  it('is stable per project and user, differs across projects, and shows neither id', () => {
    const a = labelerPseudonym('p1', 'u1');
    expect(a).toMatch(/^labeler-[0-9a-f]{12}$/);
    expect(labelerPseudonym('p1', 'u1')).toBe(a);
    expect(labelerPseudonym('p2', 'u1')).not.toBe(a);
    expect(labelerPseudonym('p1', 'u2')).not.toBe(a);
    // HMAC-SHA256(key "p1", "u1"), computed separately (Python hmac).
    expect(a).toBe('labeler-457f065bba8f');
  });
});

describe('ZDatasetCardSettings', () => {
  it('takes a Hub licence id and comma-separated ISO 639 codes; blank licence is none', () => {
    expect(ZDatasetCardSettings.parse({ projectId: 'p', license: ' CC-BY-4.0 ', languages: 'en, pt-BR,,de' })).toEqual({
      projectId: 'p',
      license: 'cc-by-4.0',
      languages: ['en', 'pt-BR', 'de'],
    });
    expect(ZDatasetCardSettings.parse({ projectId: 'p', license: '', languages: '' })).toEqual({
      projectId: 'p',
      license: null,
      languages: [],
    });
    const bad = ZDatasetCardSettings.safeParse({ projectId: 'p', license: 'MIT License <b>', languages: 'english' });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'))).toEqual(['license', 'languages.0']);
  });
});
