/**
 * The import in one pass (issue 23): an all-or-nothing import of items whose project lock is free
 * checks and writes each batch as it reads it, and still keeps nothing when a late row is bad; a
 * held lock, a lenient import or a file of critiques takes the two passes (check, then write).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { importFile, type ImportFileOptions, type ImportProgress } from '@/lib/import/import-file';
import { createProject } from '@/lib/projects/create-project';
import { testDatabaseUrl } from '../helpers/database-per-file';

const newProject = async () =>
  (
    await createProject({
      actorId: null,
      input: { name: 'One pass', slug: `one-${randomUUID().slice(0, 8)}`, guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 },
    })
  ).id;

const row = (id: string) => ({
  id,
  prompt: `Prompt ${id}`,
  responses: [
    { id: `${id}-a`, model: 'alpha', text: `Answer A of ${id}` },
    { id: `${id}-b`, model: 'beta', text: `Answer B of ${id}` },
  ],
});

/** Imports `rows` (JSON Lines) and records the phase of every progress report. */
async function run(projectId: string, rows: unknown[], extra: Partial<ImportFileOptions> = {}) {
  const file = path.join(os.tmpdir(), `one-pass-${randomUUID()}.jsonl`);
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
  const phases: ImportProgress['phase'][] = [];
  try {
    const outcome = await importFile({
      projectId,
      actorId: null,
      ...extra,
      open: () => fs.createReadStream(file),
      onProgress: async (p) => {
        phases.push(p.phase);
        await extra.onProgress?.(p);
      },
    } as ImportFileOptions);
    return { outcome, phases: [...new Set(phases)], writeReports: phases.filter((p) => p === 'write').length };
  } finally {
    fs.rmSync(file);
  }
}

const counts = async (projectId: string) => ({
  items: await getDb().item.count({ where: { projectId } }),
  responses: await getDb().response.count({ where: { item: { projectId } } }),
  audit: await getDb().auditEvent.count({ where: { projectId, action: 'project.import' } }),
});

describe('importFile in one pass', () => {
  let locker: pg.Client;
  beforeAll(async () => {
    locker = new pg.Client({ connectionString: testDatabaseUrl });
    await locker.connect();
  });
  afterAll(() => locker.end());

  it('checks and writes in one read when the lock is free: one check step, then the write reported done', async () => {
    const projectId = await newProject();
    const rows = Array.from({ length: 1300 }, (_, i) => row(`p-${i}`));
    const { outcome, phases, writeReports } = await run(projectId, rows);
    expect(outcome).toMatchObject({ ok: true, summary: { rows: 1300, itemsCreated: 1300, itemsSkipped: 0, responsesCreated: 2600 } });
    expect(phases).toEqual(['validate', 'write']);
    expect(writeReports).toBe(1);
    expect(await counts(projectId)).toEqual({ items: 1300, responses: 2600, audit: 1 });

    // Again with 200 new rows: the stored 1,300 are skipped as identical.
    const again = await run(projectId, [...rows, ...Array.from({ length: 200 }, (_, i) => row(`q-${i}`))]);
    expect(again.outcome).toMatchObject({ ok: true, summary: { itemsCreated: 200, itemsSkipped: 1300, responsesCreated: 400 } });
    expect(await counts(projectId)).toEqual({ items: 1500, responses: 3000, audit: 2 });
  });

  it('keeps nothing when rows after written batches are bad, and names every one as the two passes do', async () => {
    const projectId = await newProject();
    await run(projectId, [row('old')]);
    const rows: unknown[] = Array.from({ length: 1400 }, (_, i) => row(`p-${i}`));
    rows[1100] = { ...row('p-1100'), responses: [{ id: 'x', text: 'only one' }] };
    rows[1200] = row('p-5'); // a duplicate of line 6
    rows[1300] = { ...row('old'), prompt: 'changed' };
    const before = await counts(projectId);
    const { outcome } = await run(projectId, rows);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.map(({ line, path: at, message }) => [line, at, message])).toEqual([
      [1101, 'responses', 'Has 1 response; this project takes 2 to 9'],
      [1201, 'id', 'Duplicate item id "p-5" (first on line 6)'],
      [1301, 'id', 'Item "old" already exists in this project with different content; give the changed row a new id'],
    ]);
    expect(outcome.errorCount).toBe(3);
    expect(await counts(projectId)).toEqual(before);

    // The same file through the two passes (the lock held while it checks) gives the same errors.
    await locker.query('SELECT pg_advisory_lock(3, hashtext($1))', [projectId]);
    try {
      const twoPass = await run(projectId, rows);
      expect(twoPass.outcome).toEqual(outcome);
    } finally {
      await locker.query('SELECT pg_advisory_unlock(3, hashtext($1))', [projectId]);
    }
  });

  it('takes the two passes when another import holds the lock, and for lenient imports', async () => {
    const projectId = await newProject();
    await locker.query('SELECT pg_advisory_lock(3, hashtext($1))', [projectId]);
    // It checks every row while it waits, then writes once the lock is free.
    const held = run(
      projectId,
      Array.from({ length: 700 }, (_, i) => row(`p-${i}`)),
      {
        onProgress: async (p) => {
          if (p.phase === 'validate' && p.done) await locker.query('SELECT pg_advisory_unlock(3, hashtext($1))', [projectId]);
        },
      },
    );
    const { outcome, writeReports } = await held;
    expect(outcome).toMatchObject({ ok: true, summary: { itemsCreated: 700 } });
    expect(writeReports).toBeGreaterThan(1);

    const mixed: unknown[] = Array.from({ length: 600 }, (_, i) => row(`l-${i}`));
    mixed[3] = { id: 'bad' };
    const lenient = await run(projectId, mixed, { skipInvalid: true, onRejects: async () => undefined });
    expect(lenient.outcome).toMatchObject({ ok: true, summary: { itemsCreated: 599, rejected: { rows: 1 } } });
    expect(lenient.phases).toEqual(['validate', 'write']);
    expect(lenient.writeReports).toBeGreaterThan(1);
    expect(await counts(projectId)).toEqual({ items: 1299, responses: 2598, audit: 2 });
  });
});
