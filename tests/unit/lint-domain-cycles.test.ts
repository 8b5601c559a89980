import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { findCycles, findDomainEdges } from '@/scripts/lint/domain-graph';
import { LIB_FLOORS } from '@/scripts/lint/lib-floors.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.mjs') });

/** The lib-floors messages ESLint gives for `code` as if it were the file `file`. */
async function floorMessages(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layering/lib-floors').map((m) => m.message);
}

// The first lint loads the whole config and the TypeScript resolver: slow on a busy machine.
describe('lib floors lint rule (no import cycles between lib domains)', { timeout: 60_000 }, () => {
  it('fails on a planted cycle and names both domains', async () => {
    // lib/projects imports lib/auth (its schemas); the reverse import closes a cycle.
    const messages = await floorMessages(
      'lib/auth/zz-planted.ts',
      "import { findProjects } from '@/lib/projects/find-projects';\nexport const x = findProjects;\n",
    );
    expect(messages).toEqual([
      'lib/auth (floor 2, identity) must not import lib/projects (floor 3, projects and plumbing), on a higher floor: ' +
        'move the piece both need down a floor. (lib floors: docs/architecture.md, "Lib domains and floors")',
    ]);
  });

  it('fails on an import sideways, between two domains on one floor', async () => {
    const messages = await floorMessages(
      'lib/detect/zz.ts',
      "import { findItemSources } from '@/lib/perturb/find-item-sources';\nexport const x = findItemSources;\n",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^lib\/detect \(floor 8, .*\) must not import lib\/perturb \(floor 8, .*\), on the same floor/);
  });

  it('sees every way of importing: relative paths, types, re-exports, import() and import types', async () => {
    const code = [
      "import { TOKEN_SCOPES } from '../tokens/schemas';",
      "import type { TSetMemberKinds } from '@/lib/projects/schemas';",
      "export { createUser } from '@/lib/users/create-user';",
      "export * from '@/lib/invites/get-invite';",
      "export const load = () => import('@/lib/export/split');",
      "export type Row = import('@/lib/items/find-items').ItemRow;",
      'export const x: [typeof TOKEN_SCOPES, TSetMemberKinds | null] = [TOKEN_SCOPES, null];',
    ].join('\n');
    const messages = await floorMessages('lib/auth/zz.ts', code);
    expect(messages.map((m) => /must not import (lib\/\w+)/.exec(m)?.[1])).toEqual([
      'lib/tokens',
      'lib/projects',
      'lib/users',
      'lib/invites',
      'lib/export',
      'lib/items',
    ]);
  });

  it('keeps the ground floor (lib/*.ts) free of domains, and refuses a domain on no floor', async () => {
    expect(await floorMessages('lib/zz.ts', "import { ZRole } from '@/lib/auth/schemas';\nexport const x = ZRole;\n")).toEqual([
      'lib/zz.ts is on the ground floor and must not import lib/auth (floor 2, identity). (lib floors: docs/architecture.md, "Lib domains and floors")',
    ]);
    const unplaced = await floorMessages(
      'lib/zz-new-domain/a.ts',
      "import { ZRole } from '@/lib/auth/schemas';\nexport const x = ZRole;\n",
    );
    expect(unplaced).toEqual([
      'lib/zz-new-domain is on no floor: add it to LIB_FLOORS in scripts/lint/lib-floors.mjs. (lib floors: docs/architecture.md, "Lib domains and floors")',
    ]);
  });

  it('allows imports down the floors, within a domain and from the ground floor', async () => {
    const code = [
      "import { ZEmail } from '@/lib/auth/schemas';",
      "import { recordAuditEvent } from '@/lib/audit/record-audit-event';",
      "import { getDb } from '@/lib/db';",
      "import { ZProjectId } from './schemas';",
      "import { ZCreateProject } from '../projects/schemas';",
      'export const x = [ZEmail, recordAuditEvent, getDb, ZProjectId, ZCreateProject];',
    ].join('\n');
    expect(await floorMessages('lib/projects/zz.ts', code)).toEqual([]);
    expect(
      await floorMessages('lib/export/zz.ts', "import { findItems } from '@/lib/items/find-items';\nexport const x = findItems;\n"),
    ).toEqual([]);
  });
});

// Reading every lib file with the TypeScript parser takes seconds on a busy machine: once, here.
let realEdges: ReturnType<typeof findDomainEdges> | undefined;
const edgesOfLib = () => (realEdges ??= findDomainEdges());

describe('lib floors list and the real import graph', { timeout: 60_000 }, () => {
  it('places every lib folder on exactly one floor', () => {
    const folders = fs
      .readdirSync(path.join(root, 'lib'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(LIB_FLOORS.flatMap((floor) => floor.domains).sort()).toEqual(folders);
  });

  it('has no pair of lib domains importing each other', () => {
    const { pairs, components } = findCycles(edgesOfLib());
    expect(pairs).toEqual([]);
    expect(components).toEqual([]);
  });

  it('finds a cycle when one is planted in the graph', () => {
    const edges = [...edgesOfLib(), { from: 'stats', to: 'dashboard', files: ['lib/stats/planted.ts'] }];
    expect(findCycles(edges).pairs).toContainEqual(['dashboard', 'stats']);
  });
});
