import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function textProblems(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'i18n/no-literal-ui-text').map((m) => m.message);
}

// Issue 31: labeler components take their text from the catalogue; the lint rule fails on text written in them.
describe('i18n/no-literal-ui-text', { timeout: 60_000 }, () => {
  it('fails on JSX text, a literal child (also through ?: and &&) and a literal in a read attribute, in labeler files', async () => {
    const code = [
      'export function A({ on }: { on: boolean }) {',
      '  return (',
      '    <div title="Hover text">',
      '      Submit now',
      "      {on ? 'Yes' : 'No'}",
      '      {on && `Only ${String(on)} here`}',
      '      <input aria-label={\'Your name\'} placeholder="Type" />',
      '    </div>',
      '  );',
      '}',
      '',
    ].join('\n');
    const problems = await textProblems('components/label/zz-literal.tsx', code);
    expect(problems).toHaveLength(7);
    expect(problems[0]).toMatch(/"Hover text" is hard-coded/);
  });

  it('lets symbols, class names, keys and catalogue text through, and ignores non-labeler files', async () => {
    const ok = [
      "import { useTranslations } from 'next-intl';",
      'export function B({ n }: { n: number }) {',
      "  const t = useTranslations('Rank');",
      '  return (',
      '    <p className="text-sm" data-testid="x">',
      "      {n} · {'→'} {`${n}/${n}`} {t('prompt')}",
      '    </p>',
      '  );',
      '}',
      '',
    ].join('\n');
    expect(await textProblems('components/label/zz-ok.tsx', ok)).toEqual([]);
    expect(await textProblems('components/dashboard/zz-lead.tsx', 'export const C = () => <p>Lead text may stay English</p>;\n')).toEqual(
      [],
    );
  });
});
