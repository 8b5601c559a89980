/*
 * Keeps a translated catalogue in step with English (issue 31): `tsx scripts/i18n/sync-translations.ts
 * <locale> [translations.json]` rewrites messages/<locale>.json in English's key order, taking each
 * message from the given file (if any), else from the current catalogue; keys English no longer has are
 * dropped. It prints the English keys still untranslated (with their English text, to translate next)
 * and exits 1 while there are any. Nothing is filled in with English: a missing key stays missing, so
 * the catalogue check (tests/unit/i18n-catalogue.test.ts) keeps failing until it is translated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isLocale } from '@/lib/i18n/locales';

type Tree = { [key: string]: string | Tree };

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string): Tree => JSON.parse(fs.readFileSync(file, 'utf8')) as Tree;

/** `reference`'s shape with each message from the first source that has it; missing keys listed. */
function rebuild(reference: Tree, sources: Tree[], prefix: string, missing: [string, string][]): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(reference)) {
    const full = prefix ? `${prefix}.${key}` : key;
    const here = sources.map((s) => s[key]);
    if (typeof value === 'string') {
      const found = here.find((v): v is string => typeof v === 'string');
      if (found === undefined) missing.push([full, value]);
      else out[key] = found;
    } else {
      const sub = rebuild(
        value,
        here.filter((v): v is Tree => typeof v === 'object' && v !== null),
        full,
        missing,
      );
      if (Object.keys(sub).length > 0) out[key] = sub;
    }
  }
  return out;
}

const [locale, extra] = process.argv.slice(2);
if (!isLocale(locale) || locale === 'en') {
  console.error('Usage: tsx scripts/i18n/sync-translations.ts <locale other than en> [translations.json]');
  process.exit(2);
}
const target = path.join(root, 'messages', `${locale}.json`);
const sources = [...(extra ? [read(extra)] : []), ...(fs.existsSync(target) ? [read(target)] : [])];
const missing: [string, string][] = [];
const rebuilt = rebuild(read(path.join(root, 'messages', 'en.json')), sources, '', missing);
fs.writeFileSync(target, `${JSON.stringify(rebuilt, null, 2)}\n`);
for (const [key, english] of missing) console.log(`${key}\t${english}`);
console.error(`${locale}: ${missing.length} message(s) to translate`);
process.exit(missing.length > 0 ? 1 : 0);
