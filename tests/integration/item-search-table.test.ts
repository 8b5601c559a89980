/**
 * The items' search text in a table of its own (issue 23, migrations item_search_table and
 * item_search_pending): an inserted item (a statement's inserts, a COPY batch of an import) is
 * recorded as pending, and the fill job (lib/items/fill-item-search.ts) writes its search row
 * (lower(item_search_text(messages))) later; the search finds it at every moment. Messages
 * changed, deletes and a project's cascade keep both tables true, also while the job holds the
 * item; an item update that leaves messages alone (the claim's slot counter) does not touch it.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildItem, buildProject, uniqueName } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { findItems } from '@/lib/items/find-items';
import { FILL_BATCH_SQL, fillItemSearch, sweepItemSearch } from '@/lib/items/fill-item-search';
import { itemSearchFillJob } from '@/lib/items/item-search-job';
import { importFile } from '@/lib/import/import-file';
import { findJobState } from '@/lib/jobs/find-job-state';
import { drainJobs } from '../helpers/drain-jobs';
import { raceBehindLock } from '../helpers/race-behind-lock';

const searchRows = (projectId: string) =>
  getDb().$queryRaw<{ externalId: string; searchText: string | null; expected: string | null; xmin: string | null; pending: boolean }[]>`
    SELECT i."externalId", s."searchText", lower(item_search_text(i.messages)) AS expected, s.xmin::text AS xmin,
      EXISTS (SELECT 1 FROM item_search_pending p WHERE p."itemId" = i.id) AS pending
    FROM items i LEFT JOIN item_search s ON s."itemId" = i.id WHERE i."projectId" = ${projectId}::uuid ORDER BY i."externalId"`;

const orphans = () => getDb().$queryRaw<{ n: number }[]>`
  SELECT (SELECT count(*) FROM item_search s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = s."itemId"))::int
       + (SELECT count(*) FROM item_search_pending p WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = p."itemId"))::int AS n`;

const found = async (projectId: string, q: string) =>
  (await findItems({ projectId, filters: { gold: false, q }, page: 1 })).rows.map((r) => r.externalId).sort();

const importLines = (projectId: string, lines: string[]) =>
  importFile({ projectId, actorId: null, open: () => Readable.from(lines.map((l) => Buffer.from(`${l}\n`))) });

describe('item_search', () => {
  it('records new items as pending, finds them by their messages until the job writes their rows, and after', async () => {
    const project = await buildProject({ name: 'Search rows' });
    const item = await buildItem({
      projectId: project.id,
      externalId: 'a-built',
      messages: [
        { role: 'system', content: 'Be BRIEF.' },
        { role: 'user', content: 'Plain Zebra?' },
      ],
      responses: [{ externalId: 'r1', modelId: 'm', text: 'x' }],
    });
    await getDb().$executeRaw`
      INSERT INTO items ("projectId", "externalId", messages)
      SELECT ${project.id}::uuid, 'b-bulk-' || g, jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Bulk ' || g)) FROM generate_series(1, 3) g`;
    await getDb()
      .$executeRaw`INSERT INTO items ("projectId", "externalId", messages) VALUES (${project.id}::uuid, 'c-not-array', '{"x": 1}')`;
    const outcome = await importLines(project.id, [
      '{"id": "d-imported", "prompt": "Imported OKAPI", "responses": [{"id": "r", "model": "m", "text": "t"}, {"id": "s", "model": "n", "text": "u"}]}',
    ]);
    expect(outcome.ok ? null : outcome.errors).toBeNull();
    // The import queued the job at its commit.
    expect((await findJobState({ name: itemSearchFillJob.name, singletonKey: 'all' })).queued).not.toBeNull();

    // Nothing written yet: every item is pending, and the search finds them all the same.
    let rows = await searchRows(project.id);
    expect(rows.map((r) => r.externalId)).toEqual(['a-built', 'b-bulk-1', 'b-bulk-2', 'b-bulk-3', 'c-not-array', 'd-imported']);
    expect(rows.map((r) => [r.pending, r.searchText])).toEqual(rows.map(() => [true, null]));
    const queries = ['okapi', 'ZEBRA', 'bulk', 'bulk 2', 'brief.\nplain', 'nothing', 'lk', 'e'];
    const before = await Promise.all(queries.map((q) => found(project.id, q)));
    expect(before).toEqual([
      ['d-imported'],
      ['a-built'],
      ['b-bulk-1', 'b-bulk-2', 'b-bulk-3'],
      ['b-bulk-2'],
      [],
      [],
      ['b-bulk-1', 'b-bulk-2', 'b-bulk-3'],
      ['a-built', 'd-imported'],
    ]);

    // The job (as a worker runs it): every row written, none pending, the same results.
    expect(await drainJobs()).toBeGreaterThanOrEqual(1);
    rows = await searchRows(project.id);
    for (const r of rows) expect([r.pending, r.searchText, r.xmin !== null]).toEqual([false, r.expected, true]);
    expect(rows[0]?.searchText).toBe('be brief.\nplain zebra?');
    expect(rows[4]?.searchText).toBeNull();
    expect(await Promise.all(queries.map((q) => found(project.id, q)))).toEqual(before);
    expect(await fillItemSearch()).toEqual({ moved: 0, finished: true });

    // Another column (and the same messages) leaves the search row as it was; new messages rewrite it.
    const unchanged = rows[0]?.xmin;
    await getDb().$executeRaw`UPDATE items SET priority = 5 WHERE id = ${item.id}::uuid`;
    await getDb().$executeRaw`UPDATE items SET messages = messages WHERE id = ${item.id}::uuid`;
    rows = await searchRows(project.id);
    expect(rows[0]?.xmin).toBe(unchanged);
    await getDb().$executeRaw`UPDATE items SET messages = '[{"role": "user", "content": "Now a QUOKKA"}]' WHERE id = ${item.id}::uuid`;
    rows = await searchRows(project.id);
    expect(rows[0]?.searchText).toBe('now a quokka');
    expect((await findItems({ projectId: project.id, filters: { gold: false, q: 'zebra' }, page: 1 })).total).toBe(0);
    expect((await findItems({ projectId: project.id, filters: { gold: false, q: 'Quokka' }, page: 1 })).total).toBe(1);
  });

  it('finds a pending item by its changed messages, and writes the changed text when the job runs', async () => {
    const project = await buildProject({ name: 'Search pending update' });
    const item = await buildItem({ projectId: project.id, externalId: 'p', messages: [{ role: 'user', content: 'First WALRUS' }] });
    await getDb().$executeRaw`UPDATE items SET messages = '[{"role": "user", "content": "Then a NARWHAL"}]' WHERE id = ${item.id}::uuid`;
    expect([await found(project.id, 'walrus'), await found(project.id, 'narwhal')]).toEqual([[], ['p']]);
    await fillItemSearch();
    expect((await searchRows(project.id)).map((r) => [r.pending, r.searchText])).toEqual([[false, 'then a narwhal']]);
    expect([await found(project.id, 'walrus'), await found(project.id, 'narwhal')]).toEqual([[], ['p']]);
  });

  it('a search right after an import of many items finds them all, before the job and after it, with the same counts', async () => {
    const project = await buildProject({ name: 'Search import' });
    const n = 1200; // more than one page and than the count's cap of 1,000 shown as "more than"
    const lines = Array.from(
      { length: n },
      (_, i) =>
        `{"id": "imp-${String(i).padStart(4, '0')}", "prompt": "Prompt ${i} about ${i % 3 === 0 ? 'Giraffes' : 'otters'}", "responses": [{"id": "r", "model": "m", "text": "t"}, {"id": "s", "model": "n", "text": "u"}]}`,
    );
    const outcome = await importLines(project.id, lines);
    expect(outcome.ok ? outcome.summary.itemsCreated : outcome.errors).toBe(n);
    const look = async () =>
      Promise.all(
        [
          ['giraffe', 1],
          ['otters', 16],
          ['prompt', 1],
          ['prompt', 24],
          ['prompt 1199', 1],
        ].map(async ([q, page]) => {
          const r = await findItems({ projectId: project.id, filters: { gold: false, q: q as string }, page: page as number });
          return { total: r.total, more: r.moreThanTotal, ids: r.rows.map((x) => x.externalId) };
        }),
      );
    const before = await look();
    expect(before.map((r) => [r.total, r.more, r.ids.length])).toEqual([
      [400, false, 50],
      [800, false, 50],
      [1000, true, 50],
      [1200, false, 50],
      [1, false, 1],
    ]);
    expect(before[4]?.ids).toEqual(['imp-1199']);
    await fillItemSearch({ batchSize: 500 });
    expect((await searchRows(project.id)).filter((r) => r.pending || r.searchText !== r.expected)).toEqual([]);
    expect(await look()).toEqual(before);
  });

  it('two fills at once move each pending item once; a sweep queues the job only when items are pending', async () => {
    const project = await buildProject({ name: 'Search fills' });
    await fillItemSearch();
    expect(await sweepItemSearch()).toBe(false);
    await getDb().$executeRaw`
      INSERT INTO items ("projectId", "externalId", messages)
      SELECT ${project.id}::uuid, 'f-' || g, jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Fill ' || g)) FROM generate_series(1, 300) g`;
    expect(await sweepItemSearch()).toBe(true);
    expect((await findJobState({ name: itemSearchFillJob.name, singletonKey: 'all' })).queued).not.toBeNull();
    const [a, b] = await Promise.all([fillItemSearch({ batchSize: 20 }), fillItemSearch({ batchSize: 20 })]);
    await fillItemSearch(); // one of them may stop when the other holds the last rows
    expect((a?.moved ?? 0) + (b?.moved ?? 0)).toBeLessThanOrEqual(300);
    const rows = await searchRows(project.id);
    expect(rows.filter((r) => r.pending || r.searchText !== r.expected)).toEqual([]);
    expect(rows).toHaveLength(300);
  });

  it('a messages change or a delete while the job holds the item waits for it and leaves the right row', async () => {
    const project = await buildProject({ name: 'Search races' });
    const changed = await buildItem({ projectId: project.id, externalId: 'changed', messages: [{ role: 'user', content: 'Old IBIS' }] });
    const gone = await buildItem({ projectId: project.id, externalId: 'gone', messages: [{ role: 'user', content: 'Soon gone' }] });
    // The job's batch statement, uncommitted (it read the old messages), while the change and the delete come in.
    const [update, remove] = await raceBehindLock({ sql: FILL_BATCH_SQL, values: [1000] }, 2, () => [
      getDb().$executeRaw`UPDATE items SET messages = '[{"role": "user", "content": "New HERON"}]' WHERE id = ${changed.id}::uuid`,
      getDb().$executeRaw`DELETE FROM items WHERE id = ${gone.id}::uuid`,
    ]);
    expect([update?.status, remove?.status]).toEqual(['fulfilled', 'fulfilled']);
    expect((await searchRows(project.id)).map((r) => [r.externalId, r.pending, r.searchText])).toEqual([['changed', false, 'new heron']]);
    expect(await found(project.id, 'heron')).toEqual(['changed']);
    expect(await found(project.id, 'ibis')).toEqual([]);
    expect((await orphans())[0]?.n).toBe(0);
  });

  it('loses the rows of deleted items, pending or written, one by one or with their project', async () => {
    const project = await buildProject({ name: 'Search deletes' });
    const written = await buildItem({
      projectId: project.id,
      externalId: uniqueName('a-gone'),
      responses: [{ externalId: 'r1', modelId: 'm', text: 'x' }],
    });
    await fillItemSearch();
    const pending = await buildItem({
      projectId: project.id,
      externalId: uniqueName('b-gone'),
      responses: [{ externalId: 'r1', modelId: 'm', text: 'x' }],
    });
    await buildItem({
      projectId: project.id,
      externalId: uniqueName('c-kept'),
      responses: [{ externalId: 'r1', modelId: 'm', text: 'x' }],
    });
    await getDb().$executeRaw`DELETE FROM items WHERE id IN (${written.id}::uuid, ${pending.id}::uuid)`;
    expect((await searchRows(project.id)).map((r) => r.pending)).toEqual([true]);
    expect(await getDb().$queryRaw`SELECT 1 FROM item_search WHERE "itemId" = ${written.id}::uuid`).toEqual([]);
    expect(await getDb().$queryRaw`SELECT 1 FROM item_search_pending WHERE "itemId" = ${pending.id}::uuid`).toEqual([]);
    await fillItemSearch();
    await buildItem({
      projectId: project.id,
      externalId: uniqueName('d-pending'),
      responses: [{ externalId: 'r1', modelId: 'm', text: 'x' }],
    });
    await getDb().$executeRaw`DELETE FROM projects WHERE id = ${project.id}::uuid`;
    expect((await orphans())[0]?.n).toBe(0);
  });
});
