import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_NAMES, promptWords, responseFeatures } from '@/lib/health/features';

describe('responseFeatures', () => {
  it('counts by hand: characters, words, lists, headings, code blocks, refusals, prompt overlap and flags', () => {
    const text = "## Steps\nI'm sorry, but I can't run it.\n- one\n2. two\n```js\nx = 1\n```\nDone: paris";
    const out = new Float64Array(FEATURE_COUNT);
    responseFeatures(text, promptWords('What is the capital of France? Paris, I think. Steps please'), 1.5, out);
    const f = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, out[i]]));
    expect(f.chars).toBe(text.length);
    expect(f.log_chars).toBeCloseTo(Math.log1p(text.length), 12);
    // ## | Steps | I'm | sorry, | but | I | can't | run | it. | - | one | 2. | two | ```js | x | = | 1 | ``` | Done: | paris
    expect(f.words).toBe(20);
    expect(f.list_items).toBe(2);
    expect(f.headings).toBe(1);
    expect(f.code_blocks).toBe(1);
    expect(f.refusal_phrases).toBe(2); // "I'm sorry", "I can't"
    // Prompt words: what is the capital of france paris i think steps please (11); repeated: steps, i, paris → 3/11.
    expect(f.prompt_overlap).toBeCloseTo(3 / 11, 12);
    expect(f.flags).toBe(1.5);
  });
});
