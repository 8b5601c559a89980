/*
 * Keyboard shortcuts on any keyboard layout (issue 31). A shortcut is named by the Latin character a
 * US layout prints ('r', 'G', '=', '?', '1'). event.key is what the labeler's layout printed: on a
 * Latin layout that is the shortcut (AZERTY's "a" is "a" wherever the key sits); on an Arabic,
 * Russian or Japanese kana layout it is a letter no shortcut names, so the physical key (event.code)
 * decides instead. Response letters stay A–I everywhere: they are labels printed on the screen.
 */

type KeyLike = { key: string; code: string; shiftKey: boolean };

/** US-layout characters of the non-letter keys shortcuts use, unshifted and shifted. */
const CODE_CHARACTERS: Record<string, [string, string]> = {
  Equal: ['=', '+'],
  Minus: ['-', '_'],
  Slash: ['/', '?'],
  Period: ['.', '>'],
  Comma: [',', '<'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Backquote: ['`', '~'],
  Space: [' ', ' '],
};

/** Whether a key value is one printable ASCII character: a shortcut can name it as it is. */
const isLatin = (key: string) => key.length === 1 && key >= ' ' && key <= '~';

/** The US-layout character of a physical key (event.code), or null for a key that prints none. */
export function latinOfCode(code: string, shift: boolean): string | null {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter?.[1]) return shift ? letter[1] : letter[1].toLowerCase();
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (digit?.[1]) return shift && code.startsWith('Digit') ? null : digit[1];
  const pair = CODE_CHARACTERS[code];
  return pair ? pair[shift ? 1 : 0] : null;
}

/**
 * The shortcut a keydown means: its key when that is Latin (full-width forms such as "ｒ" or "？" from a
 * Japanese input method count as their ASCII form), a named key as it is ("Enter", "Escape",
 * "Backspace"), else the US-layout character of the physical key pressed ("ش" on KeyA is "a", "あ" on
 * KeyR... is "r", "١" on Digit1 is "1").
 */
export function shortcutKey(event: KeyLike): string {
  const key = event.key.normalize('NFKC');
  if (isLatin(key)) return key;
  if ([...key].length > 1 && /^[A-Z][A-Za-z0-9]+$/.test(key)) return key; // a named key: Enter, Escape, ArrowDown…
  return latinOfCode(event.code, event.shiftKey) ?? key;
}

/** A physical key for each shortcut character, to ask the layout what it prints there (navigator.keyboard). */
export function codeOfLatin(char: string): { code: string; shift: boolean } | null {
  if (/^[a-z]$/.test(char)) return { code: `Key${char.toUpperCase()}`, shift: false };
  if (/^[A-Z]$/.test(char)) return { code: `Key${char}`, shift: true };
  if (/^[0-9]$/.test(char)) return { code: `Digit${char}`, shift: false };
  for (const [code, [plain, shifted]] of Object.entries(CODE_CHARACTERS)) {
    if (plain === char) return { code, shift: false };
    if (shifted === char) return { code, shift: true };
  }
  return null;
}
