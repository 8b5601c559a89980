/**
 * importFile against a real PostgreSQL: what is stored equals what the rows say, re-imports are
 * safe, and every kind of bad input is refused with its exact line and field while every table
 * stays exactly as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { importFile, type ImportOutcome } from '@/lib/import/import-file';
import type { ImportFormat } from '@/lib/import/types';
import { createProject } from '@/lib/projects/create-project';

process.env.IMPORT_MAX_RESPONSE_CHARS = '2000';

let projectId: string;

beforeAll(async () => {
  const project = await createProject({
    actorId: null,
    input: { name: 'Import', slug: `imp-${randomUUID().slice(0, 8)}`, guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 },
  });
  projectId = project.id;
});

function fileOf(content: string | Buffer): string {
  const file = path.join(os.tmpdir(), `import-test-${randomUUID()}.jsonl`);
  fs.writeFileSync(file, content);
  return file;
}

async function run(content: string | Buffer, format?: ImportFormat, project = projectId): Promise<ImportOutcome> {
  const file = fileOf(content);
  try {
    return await importFile({
      projectId: project,
      actorId: null,
      ...(format ? { format } : {}),
      open: () => fs.createReadStream(file, { highWaterMark: 64 }),
    });
  } finally {
    fs.rmSync(file);
  }
}

const lines = (...rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

async function tableCounts() {
  const db = getDb();
  const [items, responses, critiques, audit] = await Promise.all([
    db.item.count(),
    db.response.count(),
    db.critique.count(),
    db.auditEvent.count(),
  ]);
  return { items, responses, critiques, audit };
}

const good = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  prompt: `Prompt ${id}`,
  responses: [
    { id: `${id}-a`, model: 'alpha', text: `Answer A of ${id}` },
    { id: `${id}-b`, model: 'beta', text: `Answer B of ${id}`, metadata: { temperature: 0.7 } },
  ],
  ...extra,
});

describe('importFile: native rows', () => {
  it('stores exactly what the rows say, with gold rankings on internal ids and extra fields as metadata', async () => {
    const row = {
      id: 'n-1',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Say a colour.' },
      ],
      responses: [
        { id: 'n-1-a', model: 'alpha', text: 'Blue.' },
        { id: 'n-1-b', model: 'beta', text: 'Red' },
        { id: 'n-1-c', text: '<script>alert(1)</script>' },
      ],
      metadata: { topic: 'colours' },
      gold: { ranking: [['n-1-a', 'n-1-b'], ['n-1-c']] },
      source: 'hand-written',
    };
    const outcome = await run(`\uFEFF${lines(row, good('n-2'))}\r\n\r\n`);
    expect(outcome).toEqual({
      ok: true,
      summary: {
        format: 'native',
        rows: 2,
        itemsCreated: 2,
        itemsSkipped: 0,
        responsesCreated: 5,
        critiquesCreated: 0,
        critiquesSkipped: 0,
        perturbationsCreated: 0,
        perturbationsSkipped: 0,
        labelsCreated: 0,
        labelsSkipped: 0,
      },
    });

    const item = await getDb().item.findFirstOrThrow({
      where: { projectId, externalId: 'n-1' },
      select: {
        messages: true,
        metadata: true,
        isGold: true,
        goldRanking: true,
        responses: { select: { id: true, externalId: true, modelId: true, text: true }, orderBy: { externalId: 'asc' } },
      },
    });
    expect(item.messages).toEqual(row.messages);
    expect(item.metadata).toEqual({ source: 'hand-written', topic: 'colours' });
    expect(item.responses.map(({ externalId, modelId, text }) => ({ externalId, modelId, text }))).toEqual([
      { externalId: 'n-1-a', modelId: 'alpha', text: 'Blue.' },
      { externalId: 'n-1-b', modelId: 'beta', text: 'Red' },
      { externalId: 'n-1-c', modelId: null, text: '<script>alert(1)</script>' },
    ]);
    const idOf = Object.fromEntries(item.responses.map((r) => [r.externalId, r.id]));
    expect(item.isGold).toBe(true);
    expect(item.goldRanking).toEqual([[idOf['n-1-a'], idOf['n-1-b']], [idOf['n-1-c']]]);
  });

  it('stores text with tabs, line breaks, backslashes and a literal \\N byte for byte (the rows go through COPY)', async () => {
    const tricky = 'tab\there\nline\r\nback\\slash \\N \\t \\\\N\t\\';
    const row = {
      id: 'copy\t\\N-1',
      messages: [{ role: 'user', content: tricky }],
      responses: [
        { id: 'copy-\\N', model: '\\N', text: tricky, metadata: { note: tricky } },
        { id: 'copy-b\tc', model: 'm\\odel', text: '\\N' },
      ],
      metadata: { k: tricky },
    };
    const outcome = await run(lines(row));
    expect(outcome.ok && outcome.summary).toMatchObject({ itemsCreated: 1, responsesCreated: 2 });
    const item = await getDb().item.findFirstOrThrow({
      where: { projectId, externalId: 'copy\t\\N-1' },
      select: {
        messages: true,
        metadata: true,
        requiredLanguage: true,
        responses: { select: { externalId: true, modelId: true, text: true, metadata: true }, orderBy: { externalId: 'asc' } },
      },
    });
    expect(item.messages).toEqual(row.messages);
    expect(item.metadata).toEqual({ k: tricky });
    expect(item.requiredLanguage).toBeNull();
    expect(item.responses).toEqual([
      { externalId: 'copy-\\N', modelId: '\\N', text: tricky, metadata: { note: tricky } },
      { externalId: 'copy-b\tc', modelId: 'm\\odel', text: '\\N', metadata: {} },
    ]);
    // Re-importing it is recognised as the same content (the hash of what was stored).
    const again = await run(lines(row));
    expect(again.ok && again.summary).toMatchObject({ itemsCreated: 0, itemsSkipped: 1 });
  });

  it('skips rows already imported with identical content and writes one audit row per import', async () => {
    const before = await tableCounts();
    const outcome = await run(lines(good('n-2'), good('n-3')));
    expect(outcome.ok && outcome.summary).toMatchObject({ itemsCreated: 1, itemsSkipped: 1, responsesCreated: 2 });
    const after = await tableCounts();
    expect(after).toEqual({ ...before, items: before.items + 1, responses: before.responses + 2, audit: before.audit + 1 });
  });

  it('derives stable ids for rows without one, so re-importing them is also safe', async () => {
    const row = { prompt: 'No id here', responses: [{ text: 'one' }, { text: 'two' }] };
    const first = await run(lines(row));
    const second = await run(lines(row));
    expect(first.ok && first.summary.itemsCreated).toBe(1);
    expect(second.ok && second.summary).toMatchObject({ itemsCreated: 0, itemsSkipped: 1 });
  });
});

describe('importFile: routing requirements', () => {
  it("stores a row's requires (normalised), refuses a bad one naming the field, and a changed one is a changed row", async () => {
    const outcome = await run(
      lines(
        good('rq-1', { requires: { language: ' French ', proficiency: 'fluent', expertise: 'Tax Law' } }),
        good('rq-2', { requires: { expertise: 'medicine' } }),
      ),
    );
    expect(outcome.ok && outcome.summary.itemsCreated).toBe(2);
    const items = await getDb().item.findMany({
      where: { projectId, externalId: { in: ['rq-1', 'rq-2'] } },
      orderBy: { externalId: 'asc' },
      select: { requiredLanguage: true, requiredProficiency: true, requiredExpertise: true, metadata: true },
    });
    expect(items).toEqual([
      { requiredLanguage: 'french', requiredProficiency: 'FLUENT', requiredExpertise: 'tax law', metadata: {} },
      { requiredLanguage: null, requiredProficiency: null, requiredExpertise: 'medicine', metadata: {} },
    ]);

    const before = await tableCounts();
    const bad = await run(
      lines(
        good('rq-3', { requires: { proficiency: 'native' } }),
        good('rq-4', { requires: { language: 'de', proficiency: 'expert' } }),
        good('rq-5', { requires: { region: 'eu' } }),
      ),
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => [e.line, e.path])).toEqual([
      [1, 'requires.proficiency'],
      [2, 'requires.proficiency'],
      [3, 'requires'],
    ]);
    // Re-importing rq-2 with another requirement is a changed row, refused like any change of content.
    const changed = await run(lines(good('rq-2', { requires: { expertise: 'law' } })));
    expect(changed.ok).toBe(false);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('importFile: bad input writes nothing and names line and field', () => {
  const cases: { name: string; content: string | Buffer; errors: { line: number; path: string; message?: string | RegExp }[] }[] = [
    { name: 'malformed JSON', content: lines(good('b-1'), '{"id": "b-2",'), errors: [{ line: 2, path: '', message: /^Invalid JSON/ }] },
    {
      name: 'wrong types',
      content: lines(good('b-1'), { id: 'b-2', prompt: 42, responses: 'none' }),
      errors: [
        { line: 2, path: 'prompt' },
        { line: 2, path: 'responses' },
      ],
    },
    {
      name: 'one response',
      content: lines({ id: 'b-1', prompt: 'p', responses: [{ text: 'only' }] }),
      errors: [{ line: 1, path: 'responses', message: 'Has 1 response; this project takes 2 to 9' }],
    },
    {
      name: 'ten responses',
      content: lines({ id: 'b-1', prompt: 'p', responses: Array.from({ length: 10 }, (_, i) => ({ text: `t${i}` })) }),
      errors: [{ line: 1, path: 'responses', message: 'Has 10 responses; this project takes 2 to 9' }],
    },
    {
      name: 'empty text',
      content: lines({ id: 'b-1', prompt: 'p', responses: [{ text: 'fine' }, { text: '  ' }] }),
      errors: [{ line: 1, path: 'responses[1].text', message: 'Response text is empty' }],
    },
    {
      name: 'over-long text',
      content: lines({ id: 'b-1', prompt: 'p', responses: [{ text: 'fine' }, { text: 'x'.repeat(2001) }] }),
      errors: [{ line: 1, path: 'responses[1].text', message: 'Response text has 2,001 characters; at most 2,000 are allowed' }],
    },
    {
      name: 'invalid UTF-8',
      content: Buffer.concat([
        Buffer.from(`${JSON.stringify(good('b-1'))}\n{"id": "b-2", "prompt": "`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('", "responses": []}\n'),
      ]),
      errors: [{ line: 2, path: '', message: 'Not valid UTF-8 (the file must be UTF-8 encoded)' }],
    },
    {
      name: 'duplicate ids in the file',
      content: lines(good('b-1'), good('b-2'), good('b-1')),
      errors: [{ line: 3, path: 'id', message: 'Duplicate item id "b-1" (first on line 1)' }],
    },
    {
      name: 'a TRL row missing "rejected"',
      content: lines({ prompt: 'Say hi', chosen: 'Hi!', rejected: 'Go away.' }, { prompt: 'Say bye', chosen: 'Bye!' }),
      errors: [{ line: 2, path: 'rejected' }],
    },
    {
      name: 'an hh-rlhf row without a shared prefix',
      content: lines(
        { chosen: '\n\nHuman: Hi\n\nAssistant: Hello!', rejected: '\n\nHuman: Hi\n\nAssistant: What?' },
        { chosen: '\n\nHuman: Tell me a joke\n\nAssistant: A pun.', rejected: '\n\nHuman: Sing a song\n\nAssistant: La la.' },
      ),
      errors: [{ line: 2, path: 'chosen' }],
    },
    {
      name: 'a conflicting re-import',
      content: lines(good('n-2', { responses: [{ text: 'changed' }, { text: 'also changed' }] })),
      errors: [{ line: 1, path: 'id', message: /already exists in this project with different content/ }],
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = await tableCounts();
      const outcome = await run(c.content);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.errors.map(({ line, path }) => ({ line, path }))).toEqual(c.errors.map(({ line, path }) => ({ line, path })));
      c.errors.forEach((e, i) => {
        if (e.message instanceof RegExp) expect(outcome.errors[i]?.message).toMatch(e.message);
        else if (e.message) expect(outcome.errors[i]?.message).toBe(e.message);
      });
      expect(outcome.errorCount).toBe(c.errors.length);
      expect(await tableCounts()).toEqual(before);
    });
  }

  it('reports the first 100 errors and counts them all', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({ id: `many-${i}`, prompt: 'p', responses: [{ text: 'one' }] }));
    const outcome = await run(lines(...rows));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errorCount).toBe(150);
    expect(outcome.errors).toHaveLength(100);
    expect(outcome.errors[99]?.line).toBe(100);
  });

  it('refuses a project whose response range is narrower', async () => {
    const narrow = await createProject({
      actorId: null,
      input: { name: 'Narrow', slug: `nar-${randomUUID().slice(0, 8)}`, guidelines: '', overlap: 3, minResponses: 3, maxResponses: 4 },
    });
    const outcome = await run(lines(good('x-1')), undefined, narrow.id);
    expect(outcome.ok === false && outcome.errors[0]).toEqual({
      line: 1,
      path: 'responses',
      message: 'Has 2 responses; this project takes 3 to 4',
    });
  });
});
