import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchServerError, SERVER_ERRORS, translateServerError } from '@/lib/i18n/server-errors';
import en from '@/messages/en.json';
import ar from '@/messages/ar.json';

const root = path.resolve(import.meta.dirname, '../..');

/** The source of lib/ and app/ (outside tests and lib/i18n): where the messages a labeler can receive are written. */
function libTexts(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (
        /\.tsx?$/.test(entry.name) &&
        !entry.name.endsWith('.test.ts') &&
        !path.relative(root, p).startsWith(path.join('lib', 'i18n'))
      ) {
        out.push(fs.readFileSync(p, 'utf8'));
      }
    }
  };
  walk(path.join(root, 'lib'));
  walk(path.join(root, 'app'));
  return out;
}

describe('server errors in the labeler’s language (issue 31)', () => {
  it('every pattern still has its message in lib/ or app/ (its fixed start appears in the source)', () => {
    const sources = libTexts().join('\n');
    const missing = SERVER_ERRORS.filter((e) => {
      const fixed =
        e.pattern.source
          .replace(/^\^/, '')
          .replace(/\$$/, '')
          .split(/\(\?<|\\\(|\\\./)[0]
          ?.replace(/\\/g, '') ?? '';
      return !sources.includes(fixed);
    }).map((e) => e.key);
    expect(missing).toEqual([]);
  });

  it('translates a known message with its numbers, and leaves an unknown one as it is', () => {
    expect(matchServerError('A demonstration is at least 10 characters (this one has 3)')).toEqual({
      key: 'demoTooShort',
      values: { min: 10, length: 3 },
    });
    expect(translateServerError('No such task', (key) => `<${key}>`)).toBe('<noSuchTask>');
    expect(translateServerError('ranking.0: Invalid input', (key) => `<${key}>`)).toBe('ranking.0: Invalid input');
  });

  it('has a message for every key in English and Arabic', () => {
    for (const { key } of SERVER_ERRORS) {
      expect(en.ServerErrors[key], key).toBeTruthy();
      expect(ar.ServerErrors?.[key as keyof typeof ar.ServerErrors], key).toBeTruthy();
    }
  });
});
