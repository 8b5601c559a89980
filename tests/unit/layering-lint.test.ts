import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function lint(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId);
}

// The first lint loads the whole config and the TypeScript resolver: slow on a busy machine.
describe('layering lint rules', { timeout: 60_000 }, () => {
  it('refuses a client component that imports the database client', async () => {
    const rules = await lint('app/zz-client.tsx', "'use client';\nimport { getDb } from '@/lib/db';\nexport const x = getDb;\n");
    expect(rules).toContain('layering/no-server-code-in-client');
  });

  it('refuses components importing lib/db or app/', async () => {
    expect(await lint('components/zz.tsx', "import { getDb } from '@/lib/db';\nexport const x = getDb;\n")).toContain(
      'import/no-restricted-paths',
    );
    expect(await lint('components/zz.tsx', "import Home from '@/app/page';\nexport const x = Home;\n")).toContain(
      'import/no-restricted-paths',
    );
  });

  it('refuses lib importing from app/ or components/', async () => {
    expect(await lint('lib/zz.ts', "import { Button } from '@/components/ui/button';\nexport const x = Button;\n")).toContain(
      'import/no-restricted-paths',
    );
    expect(await lint('lib/zz.ts', "import Home from '../app/page';\nexport const x = Home;\n")).toContain('import/no-restricted-paths');
  });

  it('refuses app/, components/ and the rest of lib/ importing the test-data builders', async () => {
    expect(await lint('app/zz.tsx', "import { buildUser } from '@/lib/builders';\nexport const x = buildUser;\n")).toContain(
      'import/no-restricted-paths',
    );
    expect(
      await lint('components/zz.tsx', "import { buildUser } from '@/lib/builders/build-user';\nexport const x = buildUser;\n"),
    ).toContain('import/no-restricted-paths');
    expect(
      await lint('lib/users/zz.ts', "import { buildUser } from '@/lib/builders/build-user';\nexport const x = buildUser;\n"),
    ).toContain('import/no-restricted-paths');
    expect(await lint('lib/zz.ts', "import { buildUser } from './builders/build-user';\nexport const x = buildUser;\n")).toContain(
      'import/no-restricted-paths',
    );
    expect(await lint('lib/builders/zz.ts', "import { buildUser } from './build-user';\nexport const x = buildUser;\n")).toEqual([]);
    expect(await lint('scripts/zz.ts', "import { buildUser } from '../lib/builders/build-user';\nexport const x = buildUser;\n")).toEqual(
      [],
    );
  });

  it('allows the intended direction', async () => {
    expect(
      await lint(
        'app/zz.tsx',
        "import { Button } from '@/components/ui/button';\nimport { getDb } from '@/lib/db';\nexport const x = [Button, getDb];\n",
      ),
    ).toEqual([]);
    expect(
      await lint('components/zz.tsx', "'use client';\nimport { ZSignIn } from '@/lib/auth/schemas';\nexport const x = ZSignIn;\n"),
    ).toEqual([]);
  });
});
