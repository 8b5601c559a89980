/**
 * Import jobs against a real PostgreSQL: lenient imports store the valid rows and list every
 * refused one (line, field, reason) in the rejects file; Parquet files and Hugging Face dataset
 * folders import like their JSON Lines twins, each split kept as item metadata; the job row shows
 * the progress while the import runs (from another connection, as another instance would see it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { createImportJob } from '@/lib/import/create-import-job';
import { getImportJob } from '@/lib/import/find-import-jobs';
import { readImportRejects } from '@/lib/import/read-import-rejects';
import { runImportJob } from '@/lib/import/run-import-job';
import type { TImportJobOptions } from '@/lib/import/schemas';
import { testDatabaseUrl } from '../helpers/database-per-file';
import { writeParquet } from '../helpers/write-parquet';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-jobs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const at = path.join(dir, name);
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.writeFileSync(at, content);
  return at;
}

const jsonl = (...rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');
const options = (extra: Partial<TImportJobOptions> = {}): TImportJobOptions => ({
  format: 'auto',
  withLabels: false,
  skipInvalid: false,
  ...extra,
});

async function runJob(projectId: string, at: string, opts: TImportJobOptions) {
  const jobId = await createImportJob({
    projectId,
    actorId: null,
    origin: 'cli',
    fileName: path.basename(at),
    bytesTotal: 0,
    options: opts,
  });
  const outcome = await runImportJob({ jobId, path: at });
  return { jobId, outcome, job: await getImportJob({ projectId, jobId }) };
}

async function rejectsOf(jobId: string) {
  let text = '';
  for await (const chunk of readImportRejects({ jobId })) text += chunk;
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);
}

const native = (id: string, texts = ['Yes', 'No']) => ({
  id,
  prompt: `Question ${id}?`,
  responses: texts.map((text, i) => ({ id: `${id}-${i}`, text })),
});

describe('lenient import (skip invalid rows)', () => {
  const content = jsonl(
    native('ok-1'),
    '{"id": "broken", "prompt": ',
    native('one-answer', ['Only one']),
    native('ok-2'),
    native('ok-1'),
    native('empty', ['', 'Something']),
    native('ok-3'),
    native('one-more', ['Single']),
  );

  it('all or nothing stays the default: the same file imports nothing', async () => {
    const project = await buildProject({ name: 'Jobs' });
    const { outcome, job } = await runJob(project.id, file('strict.jsonl', content), options());
    expect(outcome.ok).toBe(false);
    expect(job).toMatchObject({ status: 'REFUSED', rowsRejected: 0, errors: { errorCount: 5 } });
    expect(await getDb().item.count({ where: { projectId: project.id } })).toBe(0);
  });

  it('stores the valid rows, lists every refused row by line, field and reason, and groups the reasons', async () => {
    const project = await buildProject({ name: 'Jobs' });
    const { jobId, outcome, job } = await runJob(project.id, file('lenient.jsonl', content), options({ skipInvalid: true }));
    expect(outcome.ok).toBe(true);
    const items = await getDb().item.findMany({
      where: { projectId: project.id },
      orderBy: { externalId: 'asc' },
      select: { externalId: true },
    });
    expect(items.map((i) => i.externalId)).toEqual(['ok-1', 'ok-2', 'ok-3']);

    expect(await rejectsOf(jobId)).toEqual([
      { line: 2, field: '', reason: expect.stringMatching(/^Invalid JSON/) },
      { line: 3, field: 'responses', reason: 'Has 1 response; this project takes 2 to 9' },
      { line: 6, field: 'responses[0].text', reason: 'Response text is empty' },
      { line: 8, field: 'responses', reason: 'Has 1 response; this project takes 2 to 9' },
      { line: 5, field: 'id', reason: 'Duplicate item id "ok-1" (first on line 1)' },
    ]);
    expect(job?.status).toBe('DONE');
    expect(job?.rowsRejected).toBe(5);
    expect(job?.summary).toMatchObject({ rows: 8, itemsCreated: 3, rejected: { rows: 5, errors: 5 } });
    expect(job?.summary?.rejected?.byReason.map((r) => [r.count, r.field, r.reason])).toEqual([
      [2, 'responses', 'Has … response; this project takes … to …'],
      [1, '', 'Invalid JSON: Unexpected end of JSON input'],
      [1, 'id', 'Duplicate item id "…" (first on line …)'],
      [1, 'responses[].text', 'Response text is empty'],
    ]);
    expect(await getDb().auditEvent.count({ where: { projectId: project.id, action: 'project.import' } })).toBe(1);
  });

  it('a file that fits no format is refused even when lenient', async () => {
    const project = await buildProject({ name: 'Jobs' });
    const { outcome, job } = await runJob(
      project.id,
      file('unknown.jsonl', jsonl({ what: 'is this' }, native('fine'))),
      options({ skipInvalid: true }),
    );
    expect(outcome.ok).toBe(false);
    expect(job?.status).toBe('REFUSED');
    expect(await getDb().item.count({ where: { projectId: project.id } })).toBe(0);
    expect(await rejectsOf(job!.id)).toEqual([]);
  });
});

/** What a project holds, comparable across projects (ids are each project's own). */
async function contentOf(projectId: string) {
  const items = await getDb().item.findMany({
    where: { projectId },
    orderBy: { externalId: 'asc' },
    select: {
      externalId: true,
      messages: true,
      metadata: true,
      responses: { orderBy: { externalId: 'asc' }, select: { externalId: true, modelId: true, text: true, metadata: true } },
    },
  });
  return items;
}

describe('Parquet and dataset folders', () => {
  const trl = (split: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      prompt: [{ role: 'user', content: `${split}: name colour ${i}` }],
      chosen: [{ role: 'assistant', content: `  Blue ${i}` }],
      rejected: [{ role: 'assistant', content: `Loud ${i}` }],
    }));

  it('a Parquet file stores exactly what its JSON Lines twin stores', async () => {
    const rows = trl('p', 7);
    const parquet = path.join(dir, 'twin.parquet');
    writeParquet(parquet, rows, { rowGroupSize: 3 });
    const a = await buildProject({ name: 'Jobs' });
    const b = await buildProject({ name: 'Jobs' });
    const fromParquet = await runJob(a.id, parquet, options({ withLabels: true }));
    const fromJson = await runJob(b.id, file('twin.jsonl', jsonl(...rows)), options({ withLabels: true }));
    expect(fromParquet.job).toMatchObject({
      status: 'DONE',
      container: 'parquet',
      format: 'trl',
      rowsTotal: 7,
      summary: { rows: 7, itemsCreated: 7, labelsCreated: 7 },
    });
    expect(fromJson.job).toMatchObject({
      status: 'DONE',
      container: 'json-lines',
      summary: { rows: 7, itemsCreated: 7, labelsCreated: 7 },
    });
    expect(await contentOf(a.id)).toEqual(await contentOf(b.id));
    const texts = (await contentOf(a.id)).flatMap((i) => i.responses.map((r) => r.text));
    expect(texts).toContain('  Blue 0'); // leading spaces kept
    expect(texts).toHaveLength(14);
  });

  it('a dataset folder imports every split of its card, Parquet and JSON Lines shards, keeping the split as item metadata; errors name the shard', async () => {
    const root = path.join(dir, 'hf');
    const train = trl('train', 4);
    const test = trl('test', 2);
    fs.mkdirSync(path.join(root, 'data'), { recursive: true });
    writeParquet(path.join(root, 'data', 'train-00000-of-00001.parquet'), train);
    file('hf/data/test-00000-of-00001.jsonl', jsonl(...test));
    file(
      'hf/README.md',
      [
        '---',
        'configs:',
        '- config_name: default',
        '  data_files:',
        '  - split: train',
        '    path: data/train-*',
        '  - split: test',
        '    path: data/test-*',
        '---',
        '',
      ].join('\n'),
    );
    const project = await buildProject({ name: 'Jobs' });
    const { job } = await runJob(project.id, root, options());
    expect(job).toMatchObject({ status: 'DONE', container: 'folder', summary: { rows: 6, itemsCreated: 6 } });
    const items = await contentOf(project.id);
    const splits = items.map((i) => [
      (i.messages as { content: string }[])[0]?.content.split(':')[0],
      (i.metadata as { split?: string }).split,
    ]);
    expect(splits.filter(([s]) => s === 'train').every(([, split]) => split === 'train')).toBe(true);
    expect(splits.filter(([s]) => s === 'test').every(([, split]) => split === 'test')).toBe(true);
    expect(splits.map(([, split]) => split).sort()).toEqual(['test', 'test', 'train', 'train', 'train', 'train']);

    // A bad row in the second shard is reported with the shard and its own line there.
    file('hf/data/test-00000-of-00001.jsonl', jsonl(test[0], { prompt: 'x', chosen: 'y' }));
    const refused = await runJob((await buildProject({ name: 'Jobs' })).id, root, options());
    expect(refused.job?.status).toBe('REFUSED');
    expect(refused.job?.errors?.errors[0]).toMatchObject({ file: 'data/test-00000-of-00001.jsonl', line: 2 });
  });
});

describe('progress', () => {
  let locker: pg.Client;
  beforeAll(async () => {
    locker = new pg.Client({ connectionString: testDatabaseUrl });
    await locker.connect();
  });
  afterAll(() => locker.end());

  it('the job row shows the rows checked while the import waits to write, and the import ends on its own', async () => {
    const project = await buildProject({ name: 'Jobs' });
    const rows = Array.from({ length: 1200 }, (_, i) => native(`p-${i}`));
    const at = file('progress.jsonl', jsonl(...rows));
    const jobId = await createImportJob({
      projectId: project.id,
      actorId: null,
      origin: 'cli',
      fileName: 'progress.jsonl',
      bytesTotal: fs.statSync(at).size,
      options: options(),
    });
    // Another import of the project holds its lock: this one checks every row, then waits to write.
    await locker.query('SELECT pg_advisory_lock(3, hashtext($1))', [project.id]);
    const running = runImportJob({ jobId, path: at });
    let seen = await getImportJob({ projectId: project.id, jobId });
    for (let i = 0; i < 600 && seen?.rowsChecked !== 1200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await getImportJob({ projectId: project.id, jobId });
    }
    expect(seen).toMatchObject({
      status: 'CHECKING',
      rowsChecked: 1200,
      rowsWritten: 0,
      format: 'native',
      container: 'json-lines',
      finishedAt: null,
    });
    expect(seen?.bytesRead).toBe(fs.statSync(at).size);
    expect(seen?.rowsPerSecond).toBeGreaterThan(0);
    expect(await getDb().item.count({ where: { projectId: project.id } })).toBe(0);

    await locker.query('SELECT pg_advisory_unlock(3, hashtext($1))', [project.id]);
    const outcome = await running;
    expect(outcome.ok).toBe(true);
    expect(await getImportJob({ projectId: project.id, jobId })).toMatchObject({
      status: 'DONE',
      rowsChecked: 1200,
      rowsWritten: 1200,
      rowsTotal: 1200,
      secondsLeft: null,
    });
    expect(await getDb().item.count({ where: { projectId: project.id } })).toBe(1200);
  });

  it('a job whose instance stopped (no heartbeat for long) is shown as failed, not running forever', async () => {
    const project = await buildProject({ name: 'Jobs' });
    const jobId = await createImportJob({
      projectId: project.id,
      actorId: null,
      origin: 'page',
      fileName: 'lost.jsonl',
      bytesTotal: 10,
      options: options(),
    });
    await getDb().$executeRaw`UPDATE import_jobs SET "heartbeatAt" = "heartbeatAt" - interval '1 hour' WHERE id = ${jobId}::uuid`;
    expect(await getImportJob({ projectId: project.id, jobId })).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining('stopped'),
    });
    expect(await getImportJob({ projectId: (await buildProject({ name: 'Jobs' })).id, jobId })).toBeNull();
  });
});
