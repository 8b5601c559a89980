/**
 * A large import streamed in batches (issue 23, second round): the job runner reads, checks and
 * COPYs the file batch by batch in one transaction, each COPY sent in pieces as its rows are made;
 * a bad row near the end still leaves nothing written, and is named by row, field and reason. Texts
 * that COPY must escape (tabs, line breaks, backslashes) and a response longer than one piece are
 * stored exactly as given.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject } from '@/lib/builders';
import { getDb, getSql } from '@/lib/db';
import { createImportJob } from '@/lib/import/create-import-job';
import { runImportJob } from '@/lib/import/run-import-job';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-streamed-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ROWS = 20_000;

const row = (i: number) => ({
  id: `s-${i}`,
  prompt: `Question ${i}: which answer is better?`,
  responses: [
    { id: `s-${i}-a`, model: 'alpha', text: `Answer A to ${i}, with some words to make it longer than a few bytes.` },
    { id: `s-${i}-b`, model: 'beta', text: `Answer B to ${i}, with other words to make it longer than a few bytes.` },
  ],
  metadata: { n: i },
});

/** Writes `rows` as JSON Lines a row at a time (the file is never one string) and imports it through the job runner. */
async function importRows(projectId: string, name: string, rows: Iterable<unknown>) {
  const at = path.join(dir, name);
  const fd = fs.openSync(at, 'w');
  for (const r of rows) fs.writeSync(fd, `${JSON.stringify(r)}\n`);
  fs.closeSync(fd);
  const jobId = await createImportJob({
    projectId,
    actorId: null,
    origin: 'cli',
    fileName: name,
    bytesTotal: 0,
    options: { format: 'auto', withLabels: false, skipInvalid: false },
  });
  return runImportJob({ jobId, path: at });
}

const written = async (projectId: string) => ({
  items: await getDb().item.count({ where: { projectId } }),
  responses: await getDb().response.count({ where: { item: { projectId } } }),
  progressChanges: await getDb().progressChange.count({ where: { projectId } }),
  audit: await getDb().auditEvent.count({ where: { projectId, action: 'project.import' } }),
});

describe('a large import streamed in batches', () => {
  it('keeps nothing when a row near the end is bad, and names its row, field and reason', async () => {
    const project = await buildProject({ name: 'Streamed' });
    const before = await written(project.id);
    function* rows() {
      for (let i = 0; i < ROWS; i++) {
        if (i === ROWS - 2) yield { ...row(i), responses: [row(i).responses[0], { id: `s-${i}-b`, model: 'beta', text: '   ' }] };
        else yield row(i);
      }
    }
    const outcome = await importRows(project.id, 'late-bad.jsonl', rows());
    expect(outcome).toEqual({
      ok: false,
      format: 'native',
      rows: ROWS,
      errorCount: 1,
      errors: [{ line: ROWS - 1, path: 'responses[1].text', message: 'Response text is empty' }],
    });
    // Dozens of batches were COPYed before the bad row was read: all of them rolled back.
    expect(await written(project.id)).toEqual(before);
  });

  it('writes every row of a good file, texts exactly as given, with time-ordered ids', async () => {
    const project = await buildProject({ name: 'Streamed good' });
    const tricky = 'tab\there, line\nbreak, CR\r\nand a backslash \\ and \\N and \\t as text';
    const long = `${'a long answer '.repeat(8000)}end`; // ~112,000 characters: longer than one COPY piece
    function* rows() {
      for (let i = 0; i < 3000; i++) {
        if (i === 1234)
          yield {
            ...row(i),
            responses: [
              { id: 'tricky', model: 'm\tx', text: tricky },
              { id: 'long', text: long },
            ],
          };
        else yield row(i);
      }
    }
    const outcome = await importRows(project.id, 'good.jsonl', rows());
    expect(outcome).toMatchObject({ ok: true, summary: { rows: 3000, itemsCreated: 3000, responsesCreated: 6000 } });
    expect(await written(project.id)).toMatchObject({ items: 3000, responses: 6000, audit: 1 });

    const stored = await getSql()
      .selectFrom('responses as r')
      .innerJoin('items as i', 'i.id', 'r.itemId')
      .select(['r.externalId', 'r.modelId', 'r.text', 'i.externalId as item'])
      .where('i.projectId', '=', project.id)
      .where('r.externalId', 'in', ['tricky', 'long'])
      .orderBy('r.externalId')
      .execute();
    expect(stored).toEqual([
      { externalId: 'long', modelId: null, text: long, item: 's-1234' },
      { externalId: 'tricky', modelId: 'm\tx', text: tricky, item: 's-1234' },
    ]);

    // UUID version 7, in the file's order: the primary keys grow at their right edge.
    const ids = await getSql().selectFrom('items').select(['id', 'externalId']).where('projectId', '=', project.id).orderBy('id').execute();
    expect(ids.every((r) => r.id[14] === '7')).toBe(true);
    expect(ids.map((r) => r.externalId)).toEqual(Array.from({ length: 3000 }, (_, i) => `s-${i}`));
  });
});
