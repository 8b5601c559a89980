/**
 * Export snapshots against a real PostgreSQL: what is loaded (excluded labelers, invalid and
 * adjudicated items, date range, pseudonyms), the split's stability, the stored bytes (sha256,
 * re-download, ranges across chunks, 304), conversations in "pairs" rendered or left out and counted, deletion and audit.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { addItem, download, judge, makeExportProject, makeUser, pool, snapshot, type Fixture } from '../helpers/export-fixture';
import { refusal } from '../helpers/refusal';
import { getDb } from '@/lib/db';
import { createExportSnapshot } from '@/lib/export/create-export-snapshot';
import { deleteExportSnapshot } from '@/lib/export/delete-export-snapshot';
import { labelerPseudonym } from '@/lib/export/labeler-pseudonym';
import { ZExportRequest } from '@/lib/export/schemas';
import { setDatasetCardSettings } from '@/lib/export/set-dataset-card-settings';
import { parse as parseYaml } from 'yaml';

describe('what an export holds', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await makeExportProject({ items: 4 });
    const [l1, l2, l3] = f.labelers.map((l) => l.id) as [string, string, string];
    const [q1, q2, q3, q4] = f.items as [Fixture['items'][0], Fixture['items'][0], Fixture['items'][0], Fixture['items'][0]];
    // q1: L1 a>b>c>d, L2 a>c>b>d, L3 (excluded later) d>c>b>a.
    await judge(q1, l1, [0, 1, 2, 3], { likert: [7, 5, 3, 1] });
    await judge(q1, l2, [0, 2, 1, 3]);
    await judge(q1, l3, [3, 2, 1, 0]);
    // q2: adjudicated invalid by the lead.
    await judge(q2, l1, [0, 1, 2, 3]);
    // q3: labelers disagree; the lead's ranking b > a > {c, d} replaces theirs.
    await judge(q3, l1, [0, 1, 2, 3]);
    await judge(q3, l2, [3, 2, 1, 0]);
    // q4: one judgment in 2025, outside the date range used below.
    await judge(q4, l1, [0, 1, 2, 3], { createdAt: new Date('2025-06-01T12:00:00Z') });
    await getDb().membership.update({ where: { projectId_userId: { projectId: f.project.id, userId: l3 } }, data: { excluded: true } });
    await getDb().adjudication.create({ data: { itemId: q2.id, projectId: f.project.id, invalid: true } });
    await getDb().adjudication.create({
      data: { itemId: q3.id, projectId: f.project.id, ranking: [[q3.r[1]!], [q3.r[0]!], [q3.r[2]!, q3.r[3]!]] },
    });
  });

  it('leaves out excluded labelers and invalid items, and uses the adjudicated ranking', async () => {
    const manifest = await snapshot(f.project.id, f.researcher.id, { format: 'pairs' });
    const { rows } = await download(f.project.id, manifest.snapshot_id, f.researcher.id);
    const l1 = labelerPseudonym(f.project.id, f.labelers[0]!.id);
    const l2 = labelerPseudonym(f.project.id, f.labelers[1]!.id);
    const l3 = labelerPseudonym(f.project.id, f.labelers[2]!.id);
    const byItem = (id: string) => rows.filter((r) => r.item_id === id);
    // q1: L1's 6 and L2's 6 pairs, none of the excluded L3.
    expect(byItem('q1').map((r) => r.labeler)).toEqual([...Array(6).fill(l1), ...Array(6).fill(l2)]);
    expect(JSON.stringify(rows)).not.toContain(l3);
    expect(byItem('q2')).toEqual([]);
    // q3: the lead's ranking alone, 5 strict pairs (c–d tied).
    expect(byItem('q3').map((r) => `${r.labeler}:${String(r.chosen_id).slice(-1)}>${String(r.rejected_id).slice(-1)}`)).toEqual([
      'adjudication:b>a',
      'adjudication:b>c',
      'adjudication:b>d',
      'adjudication:a>c',
      'adjudication:a>d',
    ]);
    expect(byItem('q4')).toHaveLength(6);
    expect(manifest).toMatchObject({ rows: 23, items: 3, splits: { train: expect.any(Number), validation: expect.any(Number) } });
    expect(manifest.splits.train + manifest.splits.validation).toBe(23);
    // No margin unless asked for; with margin "likert" the first pair row carries L1's Likert difference.
    expect(rows.some((r) => 'margin' in r)).toBe(false);
    const likert = await snapshot(f.project.id, f.researcher.id, { format: 'pairs', margin: 'likert' });
    const first = (await download(f.project.id, likert.snapshot_id, null)).rows[0];
    expect(first).toMatchObject({ item_id: 'q1', chosen_id: 'q1-a', rejected_id: 'q1-b', margin: 2, labeler: l1, weight: 1 / 6 });
  });

  it('writes pseudonyms, never names or emails, and keeps every stored field in raw rows', async () => {
    const manifest = await snapshot(f.project.id, f.researcher.id, { format: 'raw' });
    const { bytes, rows } = await download(f.project.id, manifest.snapshot_id, null);
    const text = bytes.toString('utf8');
    for (const l of f.labelers) {
      expect(text).not.toContain(l.email);
      expect(text).not.toContain(l.name);
      expect(text).not.toContain(l.id);
    }
    expect(rows.map((r) => r.item_id)).toEqual(['q1', 'q1', 'q3', 'q3', 'q4']);
    expect(rows[0]).toMatchObject({
      labeler: labelerPseudonym(f.project.id, f.labelers[0]!.id),
      source: 'imported',
      ranking: [['q1-a'], ['q1-b'], ['q1-c'], ['q1-d']],
      rest_grouped_below: false,
      ratings: [
        { response_id: 'q1-a', likert: 7, flags: [], flaws: [] },
        { response_id: 'q1-b', likert: 5, flags: [], flaws: [] },
        { response_id: 'q1-c', likert: 3, flags: [], flaws: [] },
        { response_id: 'q1-d', likert: 1, flags: [], flaws: [] },
      ],
      shown_order: null,
      duration_ms: 1234,
      taxonomy_version: 1,
    });
  });

  it('narrows judgments to the date range; an adjudicated item needs a judgment inside it', async () => {
    const manifest = await snapshot(f.project.id, f.researcher.id, { format: 'rankings', from: '2025-01-01', to: '2025-12-31' });
    const { rows } = await download(f.project.id, manifest.snapshot_id, null);
    expect(rows.map((r) => r.item_id)).toEqual(['q4']);
    const later = await snapshot(f.project.id, f.researcher.id, { format: 'rankings', from: '2026-01-01' });
    expect((await download(f.project.id, later.snapshot_id, null)).rows.map((r) => r.item_id)).toEqual(['q1', 'q3']);
  });

  it('renders a conversation in "pairs" with the template, or leaves it out and counts it: never refuses the export', async () => {
    const chat = await addItem(f.project.id, 'chat-1', [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Name a color' },
    ]);
    await addItem(f.project.id, 'chat-unlabeled', [
      { role: 'system', content: 'x' },
      { role: 'user', content: 'y' },
    ]);
    await judge(chat, f.labelers[0]!.id, [0, 1, 2, 3]);
    const rendered = await snapshot(f.project.id, null, { format: 'pairs' });
    expect(rendered).toMatchObject({ rows: 23 + 6, skipped: { multi_turn: 0, no_margin: 0 } });
    const chatRow = (await download(f.project.id, rendered.snapshot_id, null)).rows.find((r) => r.item_id === 'chat-1');
    expect(chatRow?.prompt).toBe('\n\nHuman: Hi\n\nAssistant: Hello\n\nHuman: Name a color\n\nAssistant:');
    const skipped = await snapshot(f.project.id, null, { format: 'pairs', multi_turn: 'skip' });
    expect(skipped).toMatchObject({ rows: 23, skipped: { multi_turn: 1 } });
    const chatRows = await snapshot(f.project.id, null, { format: 'pairs-chat' });
    expect(chatRows.rows).toBe(23 + 6);
    await getDb().item.delete({ where: { id: chat.id } });
  });
});

describe('split', () => {
  it('is stable across exports and across changes in the labeled set', async () => {
    const f = await makeExportProject({ items: 30 });
    for (const item of f.items) await judge(item, f.labelers[0]!.id, [0, 1, 2, 3]);
    const splitOf = async (format: string) => {
      const manifest = await snapshot(f.project.id, null, { format, validation_share: 0.5 });
      const { rows } = await download(f.project.id, manifest.snapshot_id, null);
      return { manifest, map: new Map(rows.map((r) => [r.item_id as string, r.split as string])) };
    };
    const first = await splitOf('pairs');
    expect(new Set(first.map.values())).toEqual(new Set(['train', 'validation']));
    // More labels, new items (one with the same prompt as q1), a judgment removed: no prompt moves.
    for (const item of f.items.slice(0, 10)) await judge(item, f.labelers[1]!.id, [3, 2, 1, 0]);
    const twin = await addItem(f.project.id, 'q1-twin', [{ role: 'user', content: 'Question 1: what is 1 + 1?' }]);
    await judge(twin, f.labelers[2]!.id, [0, 1, 2, 3]);
    for (let n = 0; n < 10; n++)
      await judge(
        await addItem(f.project.id, `new-${n}`, [{ role: 'user', content: `New question ${n}` }]),
        f.labelers[2]!.id,
        [1, 0, 2, 3],
      );
    await getDb().judgment.deleteMany({ where: { itemId: f.items[29]!.id } });
    const second = await splitOf('pairs');
    const rankings = await splitOf('rankings');
    for (const [id, split] of first.map) {
      if (id === 'q30') continue;
      expect(second.map.get(id)).toBe(split);
      expect(rankings.map.get(id)).toBe(split);
    }
    expect(second.map.get('q1-twin')).toBe(first.map.get('q1'));
    expect(second.map.has('q30')).toBe(false);
    // The same request on unchanged data gives the same data files (the card and manifest name the snapshot and its time).
    const again = await splitOf('pairs');
    const data = (m: typeof again.manifest) => m.files.filter((f) => f.split).map((f) => [f.path, f.rows, f.sha256]);
    expect(data(again.manifest)).toEqual(data(second.manifest));
  });

  it('by an item metadata field: items sharing a prompt_id never straddle, whatever their text; groups counted per split', async () => {
    const f = await makeExportProject({ items: 0 });
    for (let i = 0; i < 24; i++) {
      const item = await addItem(f.project.id, `m${i}`, [{ role: 'user', content: `Paraphrase ${i} of question ${i % 6}` }]);
      await getDb().item.update({ where: { id: item.id }, data: { metadata: { prompt_id: `P${i % 6}` } } });
      await judge(item, f.labelers[0]!.id, [0, 1, 2, 3]);
    }
    const manifest = await snapshot(f.project.id, null, { format: 'rankings', split_by: 'metadata:prompt_id', validation_share: 0.5 });
    const { rows } = await download(f.project.id, manifest.snapshot_id, null);
    const sides = new Map<string, Set<unknown>>();
    for (const r of rows) {
      const key = `P${Number(String(r.item_id).slice(1)) % 6}`;
      sides.set(key, (sides.get(key) ?? new Set()).add(r.split));
    }
    expect([...sides.values()].every((s) => s.size === 1)).toBe(true);
    expect(manifest.groups.train + manifest.groups.validation).toBe(6);
    expect(manifest.options.split_by).toBe('metadata:prompt_id');
    expect(manifest.rules[0]).toContain('metadata field `prompt_id`');
  });
});

describe('stored bytes', () => {
  it('re-downloads identical bytes whose sha256 is the manifest’s and the ETag; ranges cross chunks; 304 on a match', async () => {
    const f = await makeExportProject({ items: 12 });
    for (const item of f.items) for (const l of f.labelers) await judge(item, l.id, [0, 1, 2, 3]);
    const manifest = await snapshot(f.project.id, f.researcher.id, { format: 'pairs' }, 1000);
    const row = await getDb().exportSnapshot.findUniqueOrThrow({
      where: { id: manifest.snapshot_id },
      select: {
        status: true,
        sha256: true,
        byteSize: true,
        rowCount: true,
        itemsDone: true,
        itemsTotal: true,
        datasetCard: true,
        _count: { select: { chunks: true } },
      },
    });
    expect(row).toMatchObject({ status: 'READY', sha256: manifest.sha256, rowCount: 12 * 3 * 6, itemsDone: 12, itemsTotal: 12 });
    expect(row._count.chunks).toBe(Math.ceil(manifest.bytes / 1000));
    expect(row.datasetCard).toContain(`- Rows: ${12 * 18}`);

    const one = await download(f.project.id, manifest.snapshot_id, f.researcher.id);
    const two = await download(f.project.id, manifest.snapshot_id, f.researcher.id);
    expect(one.bytes.equals(two.bytes)).toBe(true);
    expect(one.sha256).toBe(manifest.sha256);
    expect(one.rows).toHaveLength(manifest.rows);
    expect(one.response.headers.get('etag')).toBe(`"${manifest.sha256}"`);
    expect(one.response.headers.get('content-length')).toBe(String(manifest.bytes));
    expect(Number(row.byteSize)).toBe(manifest.bytes);

    const ranged = await download(f.project.id, manifest.snapshot_id, null, { range: 'bytes=990-2010' });
    expect(ranged.response.status).toBe(206);
    expect(ranged.response.headers.get('content-range')).toBe(`bytes 990-2010/${manifest.bytes}`);
    expect(ranged.bytes.equals(one.bytes.subarray(990, 2011))).toBe(true);
    const tail = await download(f.project.id, manifest.snapshot_id, null, { range: 'bytes=-5' });
    expect(tail.bytes.equals(one.bytes.subarray(one.bytes.length - 5))).toBe(true);
    const stale = await download(f.project.id, manifest.snapshot_id, null, { range: 'bytes=0-9', 'if-range': '"other"' });
    expect(stale.response.status).toBe(200);
    expect((await download(f.project.id, manifest.snapshot_id, null, { range: `bytes=${manifest.bytes}-` })).response.status).toBe(416);
    expect((await download(f.project.id, manifest.snapshot_id, null, { 'if-none-match': `"${manifest.sha256}"` })).response.status).toBe(
      304,
    );
    expect(
      createHash('sha256')
        .update(Buffer.concat([one.bytes.subarray(0, 990), ranged.bytes, one.bytes.subarray(2011)]))
        .digest('hex'),
    ).toBe(manifest.sha256);
  });

  it('the card declares the lead’s licence and languages and the imported items’ source and licence; the guidelines and models', async () => {
    const f = await makeExportProject({ items: 2 });
    for (const item of f.items) await judge(item, f.labelers[0]!.id, [0, 1, 2, 3]);
    await getDb().project.update({ where: { id: f.project.id }, data: { guidelines: 'Rank <b>helpful</b> answers first.' } });
    await getDb().item.update({
      where: { id: f.items[0]!.id },
      data: { metadata: { source_dataset: 'Anthropic/hh-rlhf', license: 'MIT' } },
    });
    await setDatasetCardSettings({
      actorId: f.lead.id,
      projectId: f.project.id,
      input: { license: 'cc-by-4.0', languages: ['en', 'de', 'en'] },
    });
    const manifest = await snapshot(f.project.id, f.researcher.id, { format: 'pairs' });
    expect(manifest.dataset).toEqual({
      license: ['cc-by-4.0', 'mit'],
      languages: ['en', 'de'],
      source_datasets: [{ name: 'Anthropic/hh-rlhf', license: 'MIT' }],
      labelers: 1,
      models: ['model-a', 'model-b', 'model-c', 'model-d'],
    });
    const { datasetCard } = await getDb().exportSnapshot.findUniqueOrThrow({
      where: { id: manifest.snapshot_id },
      select: { datasetCard: true },
    });
    const yaml = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(datasetCard!)![1]!) as Record<string, unknown>;
    expect(yaml).toMatchObject({ license: ['cc-by-4.0', 'mit'], language: ['en', 'de'] });
    expect(datasetCard).toContain('Items imported from: Anthropic/hh-rlhf (licence: MIT).');
    expect(datasetCard).toContain('```text\nRank <b>helpful</b> answers first.\n```');
    expect(datasetCard).toContain('- Models of the responses: model-a, model-b, model-c, model-d');
    const audit = await getDb().auditEvent.findFirst({
      where: { projectId: f.project.id, action: 'project.dataset_card.update' },
      select: { data: true },
    });
    expect(audit?.data).toEqual({ license: 'cc-by-4.0', languages: ['en', 'de'] });
  });

  it('deleting a snapshot removes its bytes; create, download and delete are audited; researchers delete only their own', async () => {
    const f = await makeExportProject({ items: 2 });
    for (const item of f.items) await judge(item, f.labelers[0]!.id, [0, 1, 2, 3]);
    const manifest = await snapshot(f.project.id, f.researcher.id, { format: 'hh' });
    await download(f.project.id, manifest.snapshot_id, f.researcher.id);
    const other = await makeUser('RESEARCHER');
    expect((await refusal(deleteExportSnapshot({ actor: other, projectId: f.project.id, snapshotId: manifest.snapshot_id }))).code).toBe(
      'FORBIDDEN',
    );
    await deleteExportSnapshot({ actor: f.researcher, projectId: f.project.id, snapshotId: manifest.snapshot_id });
    const { rows } = await pool().query('SELECT count(*)::int AS n FROM export_snapshot_chunks WHERE "snapshotId" = $1', [
      manifest.snapshot_id,
    ]);
    expect(rows[0].n).toBe(0);
    expect(await getDb().exportSnapshot.count({ where: { id: manifest.snapshot_id } })).toBe(0);
    const audit = await getDb().auditEvent.findMany({
      where: { targetId: manifest.snapshot_id },
      orderBy: { id: 'asc' },
      select: { action: true, actorId: true },
    });
    expect(audit).toEqual([
      { action: 'export.snapshot.create', actorId: f.researcher.id },
      { action: 'export.snapshot.download', actorId: f.researcher.id },
      { action: 'export.snapshot.delete', actorId: f.researcher.id },
    ]);
    expect((await refusal(download(f.project.id, manifest.snapshot_id, null))).code).toBe('NOT_FOUND');
  });

  it('a snapshot deleted before its build starts is not built', async () => {
    const f = await makeExportProject({ items: 3 });
    for (const item of f.items) await judge(item, f.labelers[0]!.id, [0, 1, 2, 3]);
    const { id } = await createExportSnapshot({ projectId: f.project.id, actorId: null, request: ZExportRequest.parse({ format: 'raw' }) });
    await getDb().exportSnapshot.delete({ where: { id } });
    const { buildExportSnapshot } = await import('@/lib/export/build-export-snapshot');
    expect((await refusal(buildExportSnapshot({ snapshotId: id }))).code).toBe('NOT_FOUND');
  });
});
