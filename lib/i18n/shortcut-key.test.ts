import { describe, expect, it } from 'vitest';
import { codeOfLatin, latinOfCode, shortcutKey } from '@/lib/i18n/shortcut-key';

const press = (key: string, code: string, shiftKey = false) => shortcutKey({ key, code, shiftKey });

describe('shortcutKey (issue 31)', () => {
  it('keeps a Latin key as the layout printed it, wherever the key sits', () => {
    expect(press('r', 'KeyR')).toBe('r');
    expect(press('a', 'KeyQ')).toBe('a'); // AZERTY
    expect(press('G', 'KeyG', true)).toBe('G');
    expect(press('?', 'Slash', true)).toBe('?');
    expect(press('=', 'Equal')).toBe('=');
  });

  it('reads the physical key when the layout prints a letter no shortcut names', () => {
    expect(press('ق', 'KeyR')).toBe('r'); // Arabic
    expect(press('ش', 'KeyA')).toBe('a');
    expect(press('す', 'KeyR')).toBe('r'); // Japanese kana input
    expect(press('あ', 'Digit3')).toBe('3');
    expect(press('к', 'KeyR')).toBe('r'); // Russian
    expect(press('ـ', 'KeyG', true)).toBe('G');
    expect(press('١', 'Digit1')).toBe('1');
    expect(press('،', 'Slash', true)).toBe('?');
  });

  it('takes full-width forms from an input method as their ASCII characters', () => {
    expect(press('ｒ', 'KeyR')).toBe('r');
    expect(press('？', 'Slash', true)).toBe('?');
    expect(press('＝', 'Minus')).toBe('=');
  });

  it('keeps named keys, and a key without a Latin character on an unknown code', () => {
    expect(press('Enter', 'Enter')).toBe('Enter');
    expect(press('Escape', 'Escape')).toBe('Escape');
    expect(press('Backspace', 'Backspace')).toBe('Backspace');
    expect(press('ß', 'IntlRo')).toBe('ß');
  });

  it('maps codes and characters both ways', () => {
    expect(latinOfCode('KeyF', false)).toBe('f');
    expect(latinOfCode('Digit1', true)).toBeNull();
    expect(latinOfCode('Numpad7', false)).toBe('7');
    expect(codeOfLatin('D')).toEqual({ code: 'KeyD', shift: true });
    expect(codeOfLatin('=')).toEqual({ code: 'Equal', shift: false });
    expect(codeOfLatin('?')).toEqual({ code: 'Slash', shift: true });
    expect(codeOfLatin('é')).toBeNull();
  });
});
