/** The import page's example rows must stay rows the parsers accept, as the parsers change. */
import { describe, expect, it } from 'vitest';
import { FORMAT_EXAMPLES } from '@/components/import/import-formats';
import { createParser, detectFormat } from '@/lib/import/detect-format';
import { IMPORT_FORMATS } from '@/lib/import/types';
import { DEFAULT_IMPORT_RULES } from '@/lib/import/validate-item';

describe('import page format examples', () => {
  for (const format of IMPORT_FORMATS) {
    it(`the ${format} example is detected as ${format} and parses without errors`, () => {
      const row: unknown = JSON.parse(JSON.stringify(FORMAT_EXAMPLES[format]));
      expect(detectFormat(row)).toBe(format);
      const parser = createParser(format, DEFAULT_IMPORT_RULES);
      // A HelpSteer2 row is one response: the item needs a second row about the same prompt.
      const second = format === 'helpsteer' ? [parser.push(2, { ...(row as object), response: 'Another answer.' })] : [];
      const results = [parser.push(1, row), ...second, parser.finish()];
      expect(results.flatMap((r) => r.errors)).toEqual([]);
      expect(results.reduce((n, r) => n + r.items.length + r.critiques.length + (r.perturbations?.length ?? 0), 0)).toBe(1);
    });
  }
});
