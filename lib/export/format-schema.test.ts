/** The column schema of a format as Hugging Face features and its row check. */
import { describe, expect, it } from 'vitest';
import { formatSchema, schemaProblem, toHfFeatures } from '@/lib/export/format-schema';

describe('formatSchema', () => {
  it('has a margin column only when a margin was asked for, and tie only where the format can say "tie"', () => {
    const names = (format: Parameters<typeof formatSchema>[0], margin: 'none' | 'votes') =>
      formatSchema(format, { margin }).map((f) => f.name);
    expect(names('pairs', 'none')).not.toContain('margin');
    expect(names('pairs', 'votes')).toContain('margin');
    expect(names('pairs-chat', 'none')).toContain('tie');
    expect(names('hh', 'votes')).not.toContain('tie');
    expect(names('openai-dpo', 'votes')).toEqual(['input', 'preferred_output', 'non_preferred_output']);
  });

  it('gives Hugging Face features: dtypes, lists of structs, lists of lists', () => {
    const features = toHfFeatures(formatSchema('pairs-chat', { margin: 'votes' }));
    expect(features[0]).toEqual({
      name: 'prompt',
      list: [
        { name: 'role', dtype: 'string' },
        { name: 'content', dtype: 'string' },
      ],
    });
    expect(features.find((f) => f.name === 'margin')).toEqual({ name: 'margin', dtype: 'float64' });
    expect(features.find((f) => f.name === 'votes')).toEqual({
      name: 'votes',
      struct: [
        { name: 'chosen', dtype: 'int64' },
        { name: 'rejected', dtype: 'int64' },
        { name: 'tie', dtype: 'int64' },
      ],
    });
    expect(toHfFeatures(formatSchema('rankings', { margin: 'none' })).find((f) => f.name === 'consensus')).toEqual({
      name: 'consensus',
      list: { list: 'string' },
    });
  });

  it('names the first mismatch of a row', () => {
    const fields = formatSchema('hh', { margin: 'votes' });
    const row = {
      chosen: 'a',
      rejected: 'b',
      margin: 1,
      weight: 0.5,
      item_id: 'q',
      chosen_id: 'x',
      rejected_id: 'y',
      labeler: null,
      split: 'train',
      votes: { chosen: 1, rejected: 0, tie: 0 },
    };
    expect(schemaProblem(row, fields)).toBeNull();
    expect(schemaProblem({ ...row, margin: null }, fields)).toBe('margin is null');
    expect(schemaProblem({ ...row, votes: { chosen: 1.5, rejected: 0, tie: 0 } }, fields)).toBe('votes.chosen is not an integer');
    expect(schemaProblem({ ...row, extra: 1 }, fields)).toBe('extra is not in the schema');
  });
});
