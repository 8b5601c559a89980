import { describe, expect, it } from 'vitest';
import { describeErrors, orderOf, rowErrors, type FlagLists } from '@/components/taxonomy/flag-rows';

const lists: FlagLists = {
  responseFlags: [
    { uid: 'k-a', key: 'a', label: 'Alpha', description: '' },
    { uid: 'n-0', key: '', label: '', description: '' },
    { uid: 'n-1', key: '', label: 'Alpha', description: '' },
  ],
  promptFlags: [],
};

describe('taxonomy editor errors', () => {
  it('name the flag by its place and label, and the field', () => {
    const errors = {
      'responseFlags.1.label': ['A flag needs a label'],
      'responseFlags.2.key': ['The flag key "alpha" is used twice'],
      promptFlags: ['At most 40 flags'],
    };
    expect(describeErrors(errors, orderOf(lists), lists)).toEqual([
      'Response flag 2, label: A flag needs a label',
      'Response flag 3 “Alpha”, key: The flag key "alpha" is used twice',
      'Prompt flags: At most 40 flags',
    ]);
  });

  it('follow a row moved after the save, and drop rows removed since', () => {
    const submitted = orderOf(lists);
    const [first, blank, second] = lists.responseFlags;
    const now: FlagLists = { ...lists, responseFlags: [second!, first!] };
    const errors = { 'responseFlags.1.label': ['A flag needs a label'], 'responseFlags.2.key': ['used twice'] };
    expect(describeErrors(errors, submitted, now)).toEqual(['Response flag 1 “Alpha”, key: used twice']);
    expect(rowErrors(errors, submitted, 'responseFlags', 'n-1', 'key')).toEqual(['used twice']);
    expect(rowErrors(errors, submitted, 'responseFlags', blank!.uid, 'label')).toEqual(['A flag needs a label']);
    expect(rowErrors(errors, submitted, 'responseFlags', 'k-a', 'label')).toBeUndefined();
  });
});
