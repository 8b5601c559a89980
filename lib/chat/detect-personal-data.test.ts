import { describe, expect, it } from 'vitest';
import { detectPersonalData, passesLuhn } from '@/lib/chat/detect-personal-data';

const kinds = (text: string) => detectPersonalData(text).map((f) => f.kind);

describe('detectPersonalData', () => {
  it('finds an email address with its span', () => {
    const text = 'write to ana.ruiz+work@mail.example.org please';
    const [finding] = detectPersonalData(text);
    expect(finding?.kind).toBe('email');
    expect(text.slice(finding?.start, finding?.end)).toBe('ana.ruiz+work@mail.example.org');
  });

  it('finds card numbers that pass Luhn, written with or without spaces', () => {
    expect(kinds('my card is 4111 1111 1111 1111 ok')).toEqual(['card']);
    expect(kinds('5500-0000-0000-0004')).toEqual(['card']);
    expect(kinds('4111111111111111')).toEqual(['card']);
  });

  it('does not call a 16-digit number that fails Luhn a card', () => {
    expect(kinds('order 4111 1111 1111 1112')).not.toContain('card');
  });

  it('finds phone numbers in common shapes', () => {
    expect(kinds('call +44 20 7946 0958')).toEqual(['phone']);
    expect(kinds('(555) 123-4567')).toEqual(['phone']);
    expect(kinds('0612345678')).toEqual(['phone']);
  });

  it('leaves years, prices, dates, counts and plain prose alone', () => {
    expect(kinds('In 2024 it cost 1,299.99 dollars for 3 items')).toEqual([]);
    expect(kinds('the meeting on 2024-01-15 went well')).toEqual([]);
    expect(kinds('explain quicksort in Python')).toEqual([]);
    expect(kinds('version 1234567')).toEqual([]);
  });

  it('finds several kinds in order', () => {
    expect(kinds('a@b.io and +1 415 555 0100 and 378282246310005')).toEqual(['email', 'phone', 'card']);
  });
});

describe('passesLuhn', () => {
  it('matches the published test numbers', () => {
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
    expect(passesLuhn('378282246310005')).toBe(true);
  });
});
