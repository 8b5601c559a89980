/**
 * The one rule every input passes before its schema (issue 21): text PostgreSQL can store, JSON it
 * can nest, numbers JSON can write. A NUL (U+0000) is refused by text and jsonb columns; an unpaired
 * UTF-16 surrogate is not Unicode (jsonb refuses its escape, and a text column would silently get
 * U+FFFD); JSON nested thousands deep exhausts the stack of whatever walks it next (zod, the jsonb
 * parser); `1e400` parses to Infinity, which JSON.stringify writes as null. Pure, no I/O.
 */

/** Deepest nesting of arrays and objects an input may have (the value itself is level 1). */
export const MAX_JSON_DEPTH = 64;

export type UnstorableValue = { path: (string | number)[]; message: string };

// Without the u flag a regular expression sees UTF-16 code units, so it can find a lone half of a pair.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` cannot be stored, or null when it can. */
export function unstorableTextReason(text: string): string | null {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return `contains a NUL character (U+0000) at position ${nul + 1}, which cannot be stored`;
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `contains an unpaired surrogate (${hex(lone[0].charCodeAt(0))}) at position ${lone.index + 1}: not valid Unicode text`;
  return null;
}

/** A key made printable for an error path: the characters it was refused for become U+FFFD. */
const printableKey = (key: string) => key.replace(/\u0000/g, '\uFFFD').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');

/**
 * The first part of `value` that cannot be stored (depth first, in key order), with its path and
 * the reason in words; null when every string, key and number is storable and nesting stays
 * within MAX_JSON_DEPTH. Walks plain objects, arrays, Maps and Sets (what a server action's
 * arguments may hold); other objects (dates, files) are left to the schema.
 */
export function findUnstorableValue(value: unknown, maxDepth: number = MAX_JSON_DEPTH): UnstorableValue | null {
  const walk = (v: unknown, path: (string | number)[], depth: number): UnstorableValue | null => {
    if (typeof v === 'string') {
      const reason = unstorableTextReason(v);
      return reason ? { path, message: `The text ${reason}` } : null;
    }
    if (typeof v === 'number')
      return Number.isFinite(v)
        ? null
        : { path, message: `${String(v)} is not a finite number (a number such as 1e400 is too large to store)` };
    if (typeof v !== 'object' || v === null || v instanceof Date || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return null;
    if (depth >= maxDepth) return { path, message: `Nested more than ${maxDepth} levels deep` };
    if (Array.isArray(v) || v instanceof Set) {
      let i = 0;
      for (const item of v) {
        const found = walk(item, [...path, i], depth + 1);
        if (found) return found;
        i += 1;
      }
      return null;
    }
    const entries: [unknown, unknown][] = v instanceof Map ? [...v.entries()] : Object.entries(v);
    for (const [key, item] of entries) {
      if (typeof key === 'string') {
        const reason = unstorableTextReason(key);
        if (reason) return { path: [...path, printableKey(key)], message: `The field name ${reason}` };
      }
      const found =
        (typeof key === 'string' ? null : walk(key, path, depth + 1)) ??
        walk(item, [...path, typeof key === 'number' ? key : String(key)], depth + 1);
      if (found) return found;
    }
    return null;
  };
  return walk(value, [], 0);
}

/** `responses[2].text` from a path (as import errors name fields). */
export function formatValuePath(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');
}
