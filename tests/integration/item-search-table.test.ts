/**
 * The items' search text in a table of its own (issue 23, migration item_search_table): one row per
 * item, kept by triggers on items for every writer (a statement's inserts, a COPY batch, messages
 * changed, deletes, a project's cascade), equal to the text the generated column held
 * (lower(item_search_text(messages))); an item update that leaves messages alone (the claim's slot
 * counter) does not touch it.
 */
import { describe, expect, it } from 'vitest';
import { buildItem, buildProject, uniqueName } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { findItems } from '@/lib/items/find-items';
import { importFile } from '@/lib/import/import-file';
import { Readable } from 'node:stream';

const searchRows = (projectId: string) =>
  getDb().$queryRaw<{ externalId: string; searchText: string | null; expected: string | null; xmin: string }[]>`
    SELECT i."externalId", s."searchText", lower(item_search_text(i.messages)) AS expected, s.xmin::text AS xmin
    FROM items i LEFT JOIN item_search s ON s."itemId" = i.id WHERE i."projectId" = ${projectId}::uuid ORDER BY i."externalId"`;

const orphans = () => getDb().$queryRaw<{ n: number }[]>`
  SELECT count(*)::int AS n FROM item_search s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = s."itemId")`;

describe('item_search', () => {
  it('holds one row per item, written with the items of a statement, an import, and changed with the messages', async () => {
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
    const lines = [
      '{"id": "d-imported", "prompt": "Imported OKAPI", "responses": [{"id": "r", "model": "m", "text": "t"}, {"id": "s", "model": "n", "text": "u"}]}',
    ];
    const outcome = await importFile({
      projectId: project.id,
      actorId: null,
      open: () => Readable.from(lines.map((l) => Buffer.from(`${l}\n`))),
    });
    expect(outcome.ok ? null : outcome.errors).toBeNull();

    let rows = await searchRows(project.id);
    expect(rows.map((r) => r.externalId)).toEqual(['a-built', 'b-bulk-1', 'b-bulk-2', 'b-bulk-3', 'c-not-array', 'd-imported']);
    for (const r of rows) expect(r.searchText).toBe(r.expected);
    expect(rows[0]?.searchText).toBe('be brief.\nplain zebra?');
    expect(rows[4]?.searchText).toBeNull();
    expect(
      (await findItems({ projectId: project.id, filters: { gold: false, q: 'okapi' }, page: 1 })).rows.map((r) => r.externalId),
    ).toEqual(['d-imported']);

    // Another column (and the same messages) leaves the search row as it was; new messages rewrite it.
    const before = rows[0]?.xmin;
    await getDb().$executeRaw`UPDATE items SET priority = 5 WHERE id = ${item.id}::uuid`;
    await getDb().$executeRaw`UPDATE items SET messages = messages WHERE id = ${item.id}::uuid`;
    rows = await searchRows(project.id);
    expect(rows[0]?.xmin).toBe(before);
    await getDb().$executeRaw`UPDATE items SET messages = '[{"role": "user", "content": "Now a QUOKKA"}]' WHERE id = ${item.id}::uuid`;
    rows = await searchRows(project.id);
    expect(rows[0]?.searchText).toBe('now a quokka');
    expect((await findItems({ projectId: project.id, filters: { gold: false, q: 'zebra' }, page: 1 })).total).toBe(0);
    expect((await findItems({ projectId: project.id, filters: { gold: false, q: 'Quokka' }, page: 1 })).total).toBe(1);
  });

  it('loses the rows of deleted items, one by one or with their project', async () => {
    const project = await buildProject({ name: 'Search deletes' });
    const externalId = uniqueName('gone');
    const item = await buildItem({ projectId: project.id, externalId, responses: [{ externalId: 'r1', modelId: 'm', text: 'x' }] });
    await buildItem({ projectId: project.id, externalId: uniqueName('kept'), responses: [{ externalId: 'r1', modelId: 'm', text: 'x' }] });
    await getDb().$executeRaw`DELETE FROM items WHERE id = ${item.id}::uuid`;
    expect((await searchRows(project.id)).map((r) => r.searchText !== null)).toEqual([true]);
    expect(await getDb().$queryRaw`SELECT 1 FROM item_search WHERE "itemId" = ${item.id}::uuid`).toEqual([]);
    await getDb().$executeRaw`DELETE FROM projects WHERE id = ${project.id}::uuid`;
    expect((await orphans())[0]?.n).toBe(0);
  });
});
