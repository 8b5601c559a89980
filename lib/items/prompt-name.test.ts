import { describe, expect, it } from 'vitest';
import { lastUserTurn, truncatePrompt } from '@/lib/items/prompt-name';

describe('prompt names', () => {
  it('collapse whitespace and cut long prompts with an ellipsis, never inside an emoji', () => {
    expect(truncatePrompt('  What is\n\nthe capital   of Kenya? ')).toBe('What is the capital of Kenya?');
    expect(truncatePrompt('abcdefghij', 5)).toBe('abcd…');
    expect(truncatePrompt('abc 😀😀😀', 6)).toBe('abc 😀…');
  });

  it('take the last user turn of a conversation, whatever else is stored', () => {
    expect(
      lastUserTurn([
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'a' },
        { role: 'user', content: 'second' },
      ]),
    ).toBe('second');
    expect(lastUserTurn([{ role: 'system', content: 's' }])).toBe('');
    expect(lastUserTurn('not a conversation')).toBe('');
    expect(lastUserTurn([{ role: 'user', content: 42 }])).toBe('');
  });
});
