/**
 * The lead's item browser against a real PostgreSQL: findItems (search, filters, status buckets,
 * paging), findModelIds, getItem, and the gold and priority writes with their audit rows.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAssignment, buildItem, buildJudgment, buildProject, buildUser, uniqueName } from '@/lib/builders';
import { refusal } from '../helpers/refusal';
import { getDb } from '@/lib/db';
import { clearItemGold } from '@/lib/items/clear-item-gold';
import { findItems, itemListConditions, SEARCH_COUNT_CAP, usesTrigramIndex } from '@/lib/items/find-items';
import { findModelIds } from '@/lib/items/find-model-ids';
import { getItem } from '@/lib/items/get-item';
import { ZItemListQuery, ZSetItemPriority, type TItemFilters } from '@/lib/items/schemas';
import { setItemGold } from '@/lib/items/set-item-gold';
import { setItemPriority } from '@/lib/items/set-item-priority';

type Msg = { role: 'system' | 'user' | 'assistant'; content: string };
let clock = Date.UTC(2026, 0, 1);

/** An item with responses; each call is one second newer than the last, so "newest first" is known. */
async function newItem(
  projectId: string,
  options: { prompt?: string; messages?: Msg[]; models?: (string | null)[]; isGold?: boolean; priority?: number } = {},
) {
  const models = options.models ?? ['model-a', 'model-b'];
  clock += 1000;
  return buildItem({
    projectId,
    externalId: uniqueName('item'),
    messages: options.messages ?? [{ role: 'user', content: options.prompt ?? 'Say hello.' }],
    isGold: options.isGold ?? false,
    priority: options.priority ?? 0,
    createdAt: new Date(clock),
    responses: models.map((modelId, i) => ({ externalId: `r${i + 1}`, modelId, text: `Response ${i + 1}` })),
  });
}

/** A submitted judgment by `userId` rating each response once. */
async function label(item: { id: string; responses: { id: string }[] }, projectId: string, userId: string) {
  const shown = item.responses.map((r) => r.id);
  const assignment = await buildAssignment({
    projectId,
    itemId: item.id,
    userId,
    status: 'SUBMITTED',
    shownOrder: shown,
    submittedAt: new Date(),
  });
  await buildJudgment({
    item: { id: item.id, responses: shown },
    userId,
    assignmentId: assignment.id,
    source: 'LABELED',
    ranking: [shown.map((_, i) => i)],
    likert: shown.map(() => 4),
    durationMs: 1000,
  });
}

function assign(item: { id: string }, projectId: string, userId: string, leaseMinutes: number) {
  return buildAssignment({ projectId, itemId: item.id, userId, leaseExpiresAt: new Date(Date.now() + leaseMinutes * 60_000) });
}

const NO_FILTERS: TItemFilters = { gold: false };
const list = (projectId: string, filters: Partial<TItemFilters> = {}, page = 1) =>
  findItems({ projectId, filters: { ...NO_FILTERS, ...filters }, page });
const ids = async (projectId: string, filters: Partial<TItemFilters> = {}) => (await list(projectId, filters)).rows.map((r) => r.id);

const itemAudit = (itemId: string) =>
  getDb().auditEvent.findMany({
    where: { targetType: 'item', targetId: itemId },
    orderBy: { id: 'asc' },
    select: { actorId: true, action: true, projectId: true, data: true },
  });

describe('findItems', () => {
  it('pages 50 at a time, newest first, with the total of all matches and only this project', async () => {
    const project = await buildProject({ name: 'Items', overlap: 2 });
    const other = await buildProject({ name: 'Items', overlap: 2 });
    await newItem(other.id);
    const created: string[] = [];
    for (let i = 0; i < 120; i++) created.push((await newItem(project.id, { models: [] })).id);
    const newestFirst = [...created].reverse();

    const pages = await Promise.all([1, 2, 3, 4].map((page) => list(project.id, {}, page)));

    expect(pages.map((p) => [p.rows.length, p.total, p.page, p.pageSize])).toEqual([
      [50, 120, 1, 50],
      [50, 120, 2, 50],
      [20, 120, 3, 50],
      [0, 120, 4, 50],
    ]);
    expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(newestFirst);
  });

  it('shows per row: the start of the last user turn, response and label counts, gold and priority', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const labeler = await buildUser({ role: 'LABELER', name: 'A LABELER', password: null });
    const project = await buildProject({ name: 'Items', actorId: lead.id, overlap: 3 });
    const long = `Now explain it. ${'x'.repeat(200)}`;
    const item = await newItem(project.id, {
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'What is 2+2?' },
        { role: 'assistant', content: '4' },
        { role: 'user', content: long },
      ],
      models: ['m1', 'm2', 'm3'],
      isGold: true,
      priority: 7,
    });
    await label(item, project.id, labeler.id);

    const { rows } = await list(project.id);

    expect(rows).toEqual([
      {
        id: item.id,
        externalId: item.externalId,
        preview: long.slice(0, 120),
        previewTruncated: true,
        responses: 3,
        labels: 1,
        status: 'in-progress',
        isGold: true,
        priority: 7,
        createdAt: expect.any(Date),
      },
    ]);
  });

  it('searches the conversation text case-insensitively, with % _ and \\ taken literally, never the JSON around it', async () => {
    const project = await buildProject({ name: 'Items', overlap: 2 });
    const percent = await newItem(project.id, { prompt: 'Are you 100% SURE?' });
    const percentWord = await newItem(project.id, { prompt: 'Are you 100 percent sure?' });
    const underscore = await newItem(project.id, { prompt: 'rename my_var please' });
    const noUnderscore = await newItem(project.id, { prompt: 'rename myXvar please' });
    const backslash = await newItem(project.id, { prompt: 'open C:\\temp\\new' });
    const inSystem = await newItem(project.id, {
      messages: [
        { role: 'system', content: 'Answer like a Pirate.' },
        { role: 'user', content: 'Hello' },
      ],
    });

    expect(await ids(project.id, { q: '100%' })).toEqual([percent.id]);
    expect(await ids(project.id, { q: '100% sure' })).toEqual([percent.id]);
    expect(await ids(project.id, { q: 'sure' })).toEqual([percentWord.id, percent.id]);
    expect(await ids(project.id, { q: 'my_var' })).toEqual([underscore.id]);
    expect(await ids(project.id, { q: 'MYXVAR' })).toEqual([noUnderscore.id]);
    expect(await ids(project.id, { q: '%' })).toEqual([percent.id]);
    expect(await ids(project.id, { q: '_' })).toEqual([underscore.id]);
    expect(await ids(project.id, { q: 'C:\\temp' })).toEqual([backslash.id]);
    expect(await ids(project.id, { q: 'pirate' })).toEqual([inSystem.id]);
    // Keys, roles and response texts are not prompt text.
    for (const q of ['content', 'role', 'user', '"', 'Response 1']) expect(await ids(project.id, { q })).toEqual([]);
    expect((await list(project.id, { q: 'sure' })).total).toBe(2);
  });

  it('finds through the trigram index exactly what the scan of every message finds (LIKE characters, case, non-ASCII, message edges)', async () => {
    const project = await buildProject({ name: 'Items', overlap: 2 });
    const prompts = [
      'Are you 100% SURE?',
      'Are you 100 percent sure?',
      'rename my_var please',
      'rename myXvar please',
      'open C:\\temp\\new',
      'a back\\slash and 50%_off',
      'École naïve CAFÉ',
      'école NAÏVE café',
      '日本語のテキスト',
      'party 🎉 time',
      'abc',
      'ab',
    ];
    for (const prompt of prompts) await newItem(project.id, { prompt });
    // Two messages: the index reads them joined, the search must not match across their edge.
    await newItem(project.id, {
      messages: [
        { role: 'system', content: 'ends with foo' },
        { role: 'user', content: 'bar starts here' },
      ],
    });
    // A messages value that is not an array reads as no messages; content that is not text reads as its JSON.
    await getDb().item.create({
      data: { projectId: project.id, externalId: 'odd-object', messages: { role: 'user', content: 'hidden words' } },
    });
    await getDb().item.create({
      data: {
        projectId: project.id,
        externalId: 'odd-parts',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'parted words' }] }],
      },
    });

    // The scan as it was before the index (issue 23): its own LIKE escaping, every message of every item.
    const scan = async (q: string) => {
      const pattern = `%${q.replace(/\\/g, '\\\\').replace(/%/g, '\\%').replace(/_/g, '\\_')}%`;
      const rows = await getDb().$queryRaw<{ id: string }[]>`
        SELECT i.id::text AS id FROM items i
        WHERE i."projectId" = ${project.id}::uuid AND EXISTS (
          SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(i.messages) = 'array' THEN i.messages ELSE '[]'::jsonb END) AS m(msg)
          WHERE m.msg->>'content' ILIKE ${pattern} ESCAPE '\\')
        ORDER BY i."createdAt" DESC, i.id DESC`;
      return rows.map((r) => r.id);
    };
    const queries = [
      '100%',
      '% sure',
      '%',
      '_',
      'my_var',
      'MYXVAR',
      'y_v',
      '\\',
      'C:\\temp',
      'h and 50%_',
      '50%_off',
      'sure',
      'SURE?',
      'école',
      'ÉCOLE',
      'naïve',
      'NAÏVE',
      'café',
      'CAFÉ',
      '日本語',
      '本語',
      'テキスト',
      '🎉',
      'party 🎉',
      'abc',
      'ab',
      'a',
      'foo',
      'bar',
      'foo\nbar',
      'foobar',
      'with foo\nbar starts',
      'hidden',
      'parted',
      '"text"',
      'no such words here',
    ];
    let matched = 0;
    for (const q of queries) {
      const expected = await scan(q);
      matched += expected.length;
      expect({ q, found: await ids(project.id, { q }) }).toEqual({ q, found: expected });
      expect({ q, total: (await list(project.id, { q })).total }).toEqual({ q, total: expected.length });
    }
    expect(matched).toBeGreaterThan(30);
    expect(await ids(project.id, { q: 'foo\nbar' })).toEqual([]);
    expect(await ids(project.id, { q: 'hidden' })).toEqual([]);
    expect(await ids(project.id, { q: 'parted' })).toHaveLength(1);
    expect(usesTrigramIndex('abc')).toBe(true);
    expect(usesTrigramIndex('日本語')).toBe(true);
    expect(usesTrigramIndex('ab')).toBe(false);
    expect(usesTrigramIndex('a%b_c')).toBe(false);
  });

  it('looks a search of three letters or more up in the trigram index, not a scan of every item', async () => {
    const project = await buildProject({ name: 'Items', overlap: 2 });
    await getDb().$executeRaw`
      INSERT INTO items ("projectId", "externalId", messages)
      SELECT ${project.id}::uuid, 'bulk-' || g, jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Question ' || g || ' about the weather' || CASE WHEN g % 500 = 0 THEN ' and a zebra' ELSE '' END))
      FROM generate_series(1, 20000) g`;
    await getDb().$executeRaw`ANALYZE items`;
    // At this size reading every row is as cheap as the index: plan as at 100,000 items (npm run bench -- search prints those plans).
    const plan = (q: string) =>
      getDb().$transaction(async (tx) => {
        await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
        const rows = await tx.$queryRaw<
          { 'QUERY PLAN': unknown }[]
        >`EXPLAIN (FORMAT JSON) SELECT count(*) FROM items i WHERE ${itemListConditions(project.id, { gold: false, q })}`;
        return JSON.stringify(rows[0]?.['QUERY PLAN']);
      });
    expect(await plan('zebra')).toContain('items_search_trgm_idx');
    expect(await plan('ZEBRA')).toContain('items_search_trgm_idx');
    // No trigram in it: the column of every item is read. A line break: message by message, as before the index.
    expect(await plan('ze')).not.toContain('items_search_trgm_idx');
    expect(await plan('zebra\nand')).not.toContain('items_search_trgm_idx');
    expect((await list(project.id, { q: 'Zebra' })).total).toBe(40);
  });

  it('counts a search up to 1,000 matches and says "more than" past it; pages past 20 count to their own end; lists count all', async () => {
    const project = await buildProject({ name: 'Items', overlap: 2 });
    // 1,100 items say "zebra" and exactly 1,000 of them "okapi"; 1 in 11 says neither.
    await getDb().$executeRaw`
      INSERT INTO items ("projectId", "externalId", messages, "createdAt")
      SELECT ${project.id}::uuid, 'cap-' || g,
        jsonb_build_array(jsonb_build_object('role', 'user', 'content',
          CASE WHEN g <= 1100 THEN 'a zebra' ELSE 'a horse' END || CASE WHEN g <= 1000 THEN ' and an okapi' ELSE '' END)),
        timestamp '2027-01-01' + g * interval '1 second'
      FROM generate_series(1, 1210) g`;
    const newest = await getDb().$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM items WHERE "projectId" = ${project.id}::uuid AND messages->0->>'content' LIKE '%zebra%'
      ORDER BY "createdAt" DESC, id DESC`;
    const head = (r: Awaited<ReturnType<typeof list>>) => [r.total, r.moreThanTotal, r.rows.length];

    expect(SEARCH_COUNT_CAP).toBe(1000);
    const first = await list(project.id, { q: 'ZEBRA' });
    expect(head(first)).toEqual([1000, true, 50]);
    expect(first.rows.map((r) => r.id)).toEqual(newest.slice(0, 50).map((r) => r.id));
    expect(head(await list(project.id, { q: 'okapi' }))).toEqual([1000, false, 50]);
    expect(head(await list(project.id, { q: 'okapi' }, 20))).toEqual([1000, false, 50]);
    expect(head(await list(project.id, { q: 'okapi' }, 21))).toEqual([1000, false, 0]);
    // Page 21 counts to its own end (1,050) and still finds more; page 22 ends at 1,100, the exact count.
    expect(head(await list(project.id, { q: 'zebra' }, 21))).toEqual([1050, true, 50]);
    const last = await list(project.id, { q: 'zebra' }, 22);
    expect(head(last)).toEqual([1100, false, 50]);
    expect(last.rows.map((r) => r.id)).toEqual(newest.slice(1050).map((r) => r.id));
    // Without a search the total is exact, however many.
    expect(head(await list(project.id))).toEqual([1210, false, 50]);
    expect(head(await list(project.id, { gold: false, labels: 'without' }))).toEqual([1210, false, 50]);
  });

  it('filters gold items, items with and without labels, and items with a response from a model', async () => {
    const labeler = await buildUser({ role: 'LABELER', name: 'A LABELER', password: null });
    const project = await buildProject({ name: 'Items', overlap: 2 });
    const gold = await newItem(project.id, { isGold: true, models: ['gpt-x', 'claude-y'] });
    const labeled = await newItem(project.id, { models: ['claude-y', 'llama-z'] });
    const plain = await newItem(project.id, { models: ['gpt-x', null] });
    await label(labeled, project.id, labeler.id);
    const other = await buildProject({ name: 'Items', overlap: 2 });
    await newItem(other.id, { isGold: true, models: ['other-model', 'gpt-x'] });

    expect(await ids(project.id)).toEqual([plain.id, labeled.id, gold.id]);
    expect(await ids(project.id, { gold: true })).toEqual([gold.id]);
    expect(await ids(project.id, { labels: 'with' })).toEqual([labeled.id]);
    expect(await ids(project.id, { labels: 'without' })).toEqual([plain.id, gold.id]);
    expect(await ids(project.id, { model: 'gpt-x' })).toEqual([plain.id, gold.id]);
    expect(await ids(project.id, { model: 'llama-z' })).toEqual([labeled.id]);
    expect(await ids(project.id, { model: 'other-model' })).toEqual([]);
    expect(await ids(project.id, { model: 'gpt-x', gold: true })).toEqual([gold.id]);
    expect(await ids(project.id, { model: 'claude-y', labels: 'without' })).toEqual([gold.id]);
    expect(await findModelIds({ projectId: project.id })).toEqual(['claude-y', 'gpt-x', 'llama-z']);
  });

  it('sorts items into complete (labels >= overlap), in progress (labels or a live lease) and untouched', async () => {
    const [a, b, c] = [
      await buildUser({ role: 'LABELER', name: 'A LABELER', password: null }),
      await buildUser({ role: 'LABELER', name: 'A LABELER', password: null }),
      await buildUser({ role: 'LABELER', name: 'A LABELER', password: null }),
    ];
    const project = await buildProject({ name: 'Items', overlap: 2 });
    const untouched = await newItem(project.id);
    const expiredLease = await newItem(project.id);
    await assign(expiredLease, project.id, a.id, -5);
    const leased = await newItem(project.id);
    await assign(leased, project.id, a.id, 30);
    const oneLabel = await newItem(project.id);
    await label(oneLabel, project.id, a.id);
    const full = await newItem(project.id);
    await label(full, project.id, a.id);
    await label(full, project.id, b.id);
    const overFull = await newItem(project.id);
    for (const u of [a, b, c]) await label(overFull, project.id, u.id);
    const fullAndLeased = await newItem(project.id);
    await label(fullAndLeased, project.id, a.id);
    await label(fullAndLeased, project.id, b.id);
    await assign(fullAndLeased, project.id, c.id, 30);

    expect(await ids(project.id, { status: 'complete' })).toEqual([fullAndLeased.id, overFull.id, full.id]);
    expect(await ids(project.id, { status: 'in-progress' })).toEqual([oneLabel.id, leased.id]);
    expect(await ids(project.id, { status: 'untouched' })).toEqual([expiredLease.id, untouched.id]);
    const statusOf = Object.fromEntries((await list(project.id)).rows.map((r) => [r.id, r.status]));
    expect(statusOf).toEqual({
      [untouched.id]: 'untouched',
      [expiredLease.id]: 'untouched',
      [leased.id]: 'in-progress',
      [oneLabel.id]: 'in-progress',
      [full.id]: 'complete',
      [overFull.id]: 'complete',
      [fullAndLeased.id]: 'complete',
    });
    expect((await list(project.id, { status: 'complete', labels: 'with' })).total).toBe(3);
  });

  it('reads filters from the address bar leniently: unknown values are dropped, the page defaults to 1', () => {
    expect(ZItemListQuery.parse({ page: '3', q: '  hi ', gold: '1', labels: 'with', model: 'm', status: 'untouched' })).toEqual({
      page: 3,
      q: 'hi',
      gold: true,
      labels: 'with',
      model: 'm',
      status: 'untouched',
    });
    expect(ZItemListQuery.parse({ page: '-2', q: '', gold: 'yes', labels: 'some', status: 'done', model: ['a', 'b'] })).toEqual({
      page: 1,
      gold: false,
      model: 'a',
    });
  });
});

describe('getItem', () => {
  it('returns the conversation, every response with its model and rating count, and null for another project or a bad id', async () => {
    const labeler = await buildUser({ role: 'LABELER', name: 'A LABELER', password: null });
    const project = await buildProject({ name: 'Items', overlap: 2 });
    const other = await buildProject({ name: 'Items', overlap: 2 });
    const item = await newItem(project.id, {
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Tell a joke' },
      ],
      models: ['m1', null],
    });
    await getDb().item.update({ where: { id: item.id }, data: { metadata: { source: 'test', n: 1 } } });
    await label(item, project.id, labeler.id);
    await label(
      { ...item, responses: item.responses.slice(0, 1) },
      project.id,
      (await buildUser({ role: 'LABELER', name: 'A LABELER', password: null })).id,
    );

    const got = await getItem({ projectId: project.id, itemId: item.id });

    expect(got).toMatchObject({
      id: item.id,
      externalId: item.externalId,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Tell a joke' },
      ],
      metadata: { source: 'test', n: 1 },
      isGold: false,
      goldRanking: null,
      priority: 0,
      labels: 2,
      responses: [
        { id: item.responses[0]?.id, externalId: 'r1', modelId: 'm1', text: 'Response 1', labels: 2 },
        { id: item.responses[1]?.id, externalId: 'r2', modelId: null, text: 'Response 2', labels: 1 },
      ],
    });
    expect(await getItem({ projectId: other.id, itemId: item.id })).toBeNull();
    expect(await getItem({ projectId: project.id, itemId: 'not-a-uuid' })).toBeNull();
    expect(await getItem({ projectId: project.id, itemId: randomUUID() })).toBeNull();
  });
});

describe('setItemGold and clearItemGold', () => {
  it('marks an item gold with a ranking with ties, replaces it, clears it, and audits each change', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const project = await buildProject({ name: 'Items', actorId: lead.id, overlap: 2 });
    const item = await newItem(project.id, { models: ['a', 'b', 'c'] });
    const [r1, r2, r3] = item.responses.map((r) => r.id) as [string, string, string];

    const result = await setItemGold({ actorId: lead.id, input: { projectId: project.id, itemId: item.id, ranking: [[r2], [r1, r3]] } });

    expect(result).toEqual({ id: item.id, isGold: true, goldRanking: [[r2], [r1, r3]] });
    expect(await getItem({ projectId: project.id, itemId: item.id })).toMatchObject({ isGold: true, goldRanking: [[r2], [r1, r3]] });
    expect(await ids(project.id, { gold: true })).toEqual([item.id]);

    await setItemGold({ actorId: lead.id, input: { projectId: project.id, itemId: item.id, ranking: [[r1, r2, r3]] } });
    expect(await getItem({ projectId: project.id, itemId: item.id })).toMatchObject({ isGold: true, goldRanking: [[r1, r2, r3]] });

    expect(await clearItemGold({ actorId: lead.id, input: { projectId: project.id, itemId: item.id } })).toEqual({ cleared: true });
    expect(await clearItemGold({ actorId: lead.id, input: { projectId: project.id, itemId: item.id } })).toEqual({ cleared: false });
    expect(await getDb().item.findUniqueOrThrow({ where: { id: item.id }, select: { isGold: true, goldRanking: true } })).toEqual({
      isGold: false,
      goldRanking: null,
    });

    expect(await itemAudit(item.id)).toEqual([
      {
        actorId: lead.id,
        action: 'item.gold.set',
        projectId: project.id,
        data: { externalId: item.externalId, ranking: [[r2], [r1, r3]], wasGold: false },
      },
      {
        actorId: lead.id,
        action: 'item.gold.set',
        projectId: project.id,
        data: { externalId: item.externalId, ranking: [[r1, r2, r3]], wasGold: true },
      },
      {
        actorId: lead.id,
        action: 'item.gold.clear',
        projectId: project.id,
        data: { externalId: item.externalId, ranking: [[r1, r2, r3]] },
      },
    ]);
  });

  it('refuses a ranking that misses, repeats or invents a response, and changes nothing', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const project = await buildProject({ name: 'Items', actorId: lead.id, overlap: 2 });
    const item = await newItem(project.id, { models: ['a', 'b', 'c'] });
    const sibling = await newItem(project.id);
    const [r1, r2, r3] = item.responses.map((r) => r.id) as [string, string, string];
    const foreign = sibling.responses[0]?.id ?? '';

    const attempts: [string, string[][], RegExp][] = [
      ['misses', [[r1], [r2]], /missing: .*/],
      ['repeats', [[r1], [r2, r1], [r3]], /more than once/],
      ['invents', [[r1], [r2], [r3], [randomUUID()]], /Not a response of this item/],
      ["uses another item's response", [[r1, r2], [foreign]], /Not a response of this item/],
    ];
    for (const [why, ranking, message] of attempts) {
      const error = await refusal(setItemGold({ actorId: lead.id, input: { projectId: project.id, itemId: item.id, ranking } }));
      expect(error.code, why).toBe('INVALID_INPUT');
      expect(error.fieldErrors?.ranking?.join(' '), why).toMatch(message);
    }

    expect(await getDb().item.findUniqueOrThrow({ where: { id: item.id }, select: { isGold: true, goldRanking: true } })).toEqual({
      isGold: false,
      goldRanking: null,
    });
    expect(await itemAudit(item.id)).toEqual([]);
  });

  it("refuses to change an item through another project's id: NOT_FOUND, nothing written", async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const mine = await buildProject({ name: 'Items', actorId: lead.id, overlap: 2 });
    const theirs = await buildProject({ name: 'Items', overlap: 2 });
    const item = await newItem(theirs.id);
    const ranking = [item.responses.map((r) => r.id)];

    const gold = await refusal(setItemGold({ actorId: lead.id, input: { projectId: mine.id, itemId: item.id, ranking } }));
    await getDb().item.update({ where: { id: item.id }, data: { isGold: true, goldRanking: ranking } });
    const clear = await refusal(clearItemGold({ actorId: lead.id, input: { projectId: mine.id, itemId: item.id } }));
    const priority = await refusal(setItemPriority({ actorId: lead.id, input: { projectId: mine.id, itemId: item.id, priority: 5 } }));
    const badId = await refusal(setItemPriority({ actorId: lead.id, input: { projectId: mine.id, itemId: 'nope', priority: 5 } }));

    expect([gold.code, clear.code, priority.code, badId.code]).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    expect(await getDb().item.findUniqueOrThrow({ where: { id: item.id }, select: { isGold: true, priority: true } })).toEqual({
      isGold: true,
      priority: 0,
    });
    expect(await itemAudit(item.id)).toEqual([]);
  });
});

describe('setItemPriority', () => {
  it('accepts whole numbers from -1000 to 1000, audits each change, and refuses anything else', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const project = await buildProject({ name: 'Items', actorId: lead.id, overlap: 2 });
    const item = await newItem(project.id);
    const input = (priority: unknown) => ({ projectId: project.id, itemId: item.id, priority });
    const errorOf = (priority: unknown) => ZSetItemPriority.safeParse(input(priority)).error?.issues.map((i) => i.message);

    expect(errorOf('1001')).toEqual(['Priority must be at most 1000']);
    expect(errorOf('-1001')).toEqual(['Priority must be at least -1000']);
    expect(errorOf('2.5')).toEqual(['Priority must be a whole number']);
    expect(errorOf('')).toEqual(['Enter a priority']);
    expect(errorOf('high')).toEqual(['Priority must be a number']);
    const outOfRange = await refusal(
      setItemPriority({ actorId: lead.id, input: { projectId: project.id, itemId: item.id, priority: 1001 } }),
    );
    expect(outOfRange.code).toBe('INVALID_INPUT');

    await setItemPriority({ actorId: lead.id, input: ZSetItemPriority.parse(input('1000')) });
    await setItemPriority({ actorId: lead.id, input: ZSetItemPriority.parse(input(' -1000 ')) });
    expect(await setItemPriority({ actorId: lead.id, input: ZSetItemPriority.parse(input('-1000')) })).toEqual({
      id: item.id,
      priority: -1000,
      changed: false,
    });

    expect((await getItem({ projectId: project.id, itemId: item.id }))?.priority).toBe(-1000);
    expect(await itemAudit(item.id)).toEqual([
      { actorId: lead.id, action: 'item.priority.set', projectId: project.id, data: { externalId: item.externalId, from: 0, to: 1000 } },
      {
        actorId: lead.id,
        action: 'item.priority.set',
        projectId: project.id,
        data: { externalId: item.externalId, from: 1000, to: -1000 },
      },
    ]);
  });
});
