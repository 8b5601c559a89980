/**
 * Text the job row can hold: error messages quote the file, and PostgreSQL refuses U+0000 in text
 * and jsonb (and lone surrogates in jsonb), so those are shown as visible escapes instead.
 */
export function storableText(text: string): string {
  return text
    .replace(/\u0000/g, '\\u0000')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** JSON for a jsonb column, every string made storable. */
export const storableJson = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? storableText(v) : v));
