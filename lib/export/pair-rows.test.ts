import { describe, expect, it } from 'vitest';
import { rankingPairs, toTrlRow } from '@/lib/export/pair-rows';
import { toHhRow } from '@/lib/import/formats/hh-transcript';

const pair = { messages: [{ role: 'user' as const, content: 'Hi' }], chosen: 'Hello!', rejected: 'What?' };

describe('pair rows', () => {
  it('writes HH transcripts, opening the first human turn with the system message', () => {
    expect(toHhRow(pair)).toEqual({ chosen: '\n\nHuman: Hi\n\nAssistant: Hello!', rejected: '\n\nHuman: Hi\n\nAssistant: What?' });
    const withSystem = { ...pair, messages: [{ role: 'system' as const, content: 'Be kind.' }, ...pair.messages] };
    expect(toHhRow(withSystem).chosen).toBe('\n\nHuman: Be kind.\n\nHi\n\nAssistant: Hello!');
  });

  it('writes the three TRL forms and refuses a conversation in the standard one', () => {
    expect(toTrlRow(pair, 'standard')).toEqual({ prompt: 'Hi', chosen: 'Hello!', rejected: 'What?' });
    expect(toTrlRow(pair, 'conversational')).toEqual({
      prompt: pair.messages,
      chosen: [{ role: 'assistant', content: 'Hello!' }],
      rejected: [{ role: 'assistant', content: 'What?' }],
    });
    expect(toTrlRow(pair, 'implicit').chosen).toEqual([...pair.messages, { role: 'assistant', content: 'Hello!' }]);
    expect(() =>
      toTrlRow({ ...pair, messages: [...pair.messages, { role: 'assistant', content: 'x' }, { role: 'user', content: 'y' }] }, 'standard'),
    ).toThrow(/single user prompt/);
  });

  it('expands a ranking with ties into the ordered pairs it states, ties excluded', () => {
    expect(rankingPairs([['a'], ['b', 'c'], ['d']])).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['a', 'd'],
      ['b', 'd'],
      ['c', 'd'],
    ]);
    expect(rankingPairs([['a', 'b']])).toEqual([]);
  });
});
