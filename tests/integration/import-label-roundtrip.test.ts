/**
 * A labeled hh-rlhf or TRL file imported with its labels gives back the same pairs when written
 * out in the same format (as a multiset: rows in one import batch share a timestamp).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findJudgmentPairs } from '@/lib/export/find-judgment-pairs';
import { toTrlRow, type Pair, type TrlForm } from '@/lib/export/pair-rows';
import { toHhRow } from '@/lib/import/formats/hh-transcript';
import { importFile } from '@/lib/import/import-file';
import { createProject } from '@/lib/projects/create-project';
import { fixtureRows } from '../helpers/parse-fixture';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import');
const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

async function importWithLabels(fixture: string) {
  const project = await createProject({
    actorId: null,
    input: { name: 'Round trip', slug: `rt-${randomUUID().slice(0, 8)}`, guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 },
  });
  const outcome = await importFile({
    projectId: project.id,
    actorId: null,
    withLabels: true,
    open: () => fs.createReadStream(path.join(FIXTURES, fixture)),
  });
  expect(outcome.ok).toBe(true);
  return findJudgmentPairs({ projectId: project.id, source: 'IMPORTED' });
}

/** The fixture rows with only the fields a pair carries (TRL rows may add margin or scores). */
const pairFields = (rows: Record<string, unknown>[]) =>
  rows.map(({ prompt, chosen, rejected }) => (prompt === undefined ? { chosen, rejected } : { prompt, chosen, rejected }));

describe('labels survive import and export in the same format', () => {
  it('hh-rlhf', async () => {
    const pairs = await importWithLabels('hh-rlhf.jsonl');
    expect(sorted(pairs.map(toHhRow))).toEqual(sorted(pairFields(fixtureRows('hh-rlhf.jsonl'))));
  });

  const trl: [string, TrlForm][] = [
    ['trl-standard.jsonl', 'standard'],
    ['trl-conversational.jsonl', 'conversational'],
    ['trl-implicit.jsonl', 'implicit'],
  ];
  for (const [fixture, form] of trl) {
    it(`TRL ${form}`, async () => {
      const pairs: Pair[] = await importWithLabels(fixture);
      expect(sorted(pairs.map((p) => toTrlRow(p, form)))).toEqual(sorted(pairFields(fixtureRows(fixture))));
    });
  }
});
