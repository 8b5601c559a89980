/*
 * The message catalogues (issue 31): one JSON file per locale in messages/, namespaced by screen
 * ("Header", "LabelHome", "Rank", ...). English is complete by definition; the check in
 * tests/unit/i18n-catalogue.test.ts fails on any key another locale lacks or has in excess.
 */

export type Messages = { [key: string]: string | Messages };

/**
 * `messages` with every key it lacks filled from `fallback` (English): a locale whose translation is
 * behind shows English for the missing keys instead of a key path. The catalogue check keeps that
 * from shipping; this only protects a running instance between a key's addition and its translation.
 */
export function withFallback(messages: Messages, fallback: Messages): Messages {
  const out: Messages = { ...fallback };
  for (const [key, value] of Object.entries(messages)) {
    const base = fallback[key];
    out[key] = typeof value === 'object' && typeof base === 'object' ? withFallback(value, base) : value;
  }
  return out;
}
