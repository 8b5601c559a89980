/**
 * The item browser's search (issue 23): findItems with a search text on a 100,000-item project,
 * through the trigram index (migration item_search_trigram), beside the same search as it was
 * before: the ILIKE over every message of every item (a scan), page of 50 ids + count, raw pg.
 * findItems counts a search's matches up to 1,000 (SEARCH_COUNT_CAP) and says "more than" past it;
 * the baseline counts them all. Each query's plan is read too: does it use items_search_trgm_idx?
 * Then the same searches right after N/10 more items arrive (an import's worth) and before the fill
 * job has written their search rows (lib/items/fill-item-search.ts): the search reads those
 * pending items' messages, so it stays exact but costs more until the job has caught up; the
 * job's catch-up time is printed too.
 *   --items N      items in the measured project (default 100000); a second project holds N/5
 *   --runs N       runs per measurement (default 10)
 *   --json
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { measure, printTable, round, scratchDatabase, type Figure } from './harness';

const INDEX = 'items_search_trgm_idx';

/** What each query finds in the seeded items (see seed). */
const QUERIES: { name: string; q: string }[] = [
  { name: 'rare word', q: 'zebra' },
  { name: 'common word', q: 'explain' },
  { name: '3 characters', q: 'lat' },
  { name: 'no match', q: 'quokka' },
  { name: '2 characters (scan, no trigram)', q: 'ze' },
  { name: '2 characters, no match (scan, no trigram)', q: 'qz' },
];

/** The search before issue 23, as find-items.ts wrote it: every message's content, ILIKE, per item. */
const scanCondition = `EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(i.messages) = 'array' THEN i.messages ELSE '[]'::jsonb END) AS m(msg)
  WHERE m.msg->>'content' ILIKE $2 ESCAPE '\\')`;
const likeContains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      items: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '10' },
    },
  });
  const n = Number(values.items);
  const runs = Number(values.runs);
  const db = await scratchDatabase('search');

  const { getDb, getPgPool } = await import('../../lib/db');
  const { findItems, itemListConditions, SEARCH_COUNT_CAP } = await import('../../lib/items/find-items');
  const { Prisma } = await import('../../generated/prisma/client');

  const raw = new pg.Pool({ connectionString: db.databaseUrl, max: 4 });
  try {
    const seedStarted = performance.now();
    const projectId = await seed(raw, n);
    const seedSeconds = round((performance.now() - seedStarted) / 1000);
    const loadBefore = os.loadavg().map(round);
    const results: {
      name: string;
      q: string;
      matches: number;
      /** What findItems says: the exact count, or "more than 1000". */
      shown: string;
      usesIndex: boolean;
      ours: Figure;
      scan: Figure;
    }[] = [];
    for (const { name, q } of QUERIES) {
      const ours = () => findItems({ projectId, filters: { gold: false, q }, page: 1 });
      const scan = () =>
        Promise.all([
          raw.query(
            `SELECT i.id FROM items i WHERE i."projectId" = $1 AND ${scanCondition} ORDER BY i."createdAt" DESC, i.id DESC LIMIT 50`,
            [projectId, likeContains(q)],
          ),
          raw.query(`SELECT count(*) FROM items i WHERE i."projectId" = $1 AND ${scanCondition}`, [projectId, likeContains(q)]),
        ]);
      const first = await ours(); // warms the cache and the plan
      const [, counted] = await scan();
      const matches = Number(counted.rows[0]?.count);
      if (first.total !== Math.min(matches, SEARCH_COUNT_CAP) || first.moreThanTotal !== matches > SEARCH_COUNT_CAP)
        throw new Error(`"${q}": findItems counts ${first.moreThanTotal ? 'more than ' : ''}${first.total}, the scan ${matches}`);
      const where = itemListConditions(projectId, { gold: false, q });
      const plan = await getDb().$queryRaw<{ 'QUERY PLAN': unknown }[]>(
        Prisma.sql`EXPLAIN (FORMAT JSON) SELECT count(*) FROM items i WHERE ${where}`,
      );
      results.push({
        name,
        q,
        matches,
        shown: `${first.moreThanTotal ? 'more than ' : ''}${first.total}`,
        usesIndex: JSON.stringify(plan).includes(INDEX),
        ours: await measure(runs, 1, ours),
        scan: await measure(runs, 1, scan),
      });
    }
    // N/10 new items, pending: what a search costs between an import's commit and the fill job's catch-up.
    const pendingItems = Math.ceil(n / 10);
    await addItems(raw, 'bench', pendingItems, n + 1, 2 * (n + 1)); // newer than every item before them
    await raw.query('ANALYZE item_search_pending');
    const whilePending: { q: string; matches: number; ours: Figure }[] = [];
    for (const { q } of QUERIES.slice(0, 4)) {
      const ours = () => findItems({ projectId, filters: { gold: false, q }, page: 1 });
      const first = await ours();
      whilePending.push({ q, matches: first.total, ours: await measure(runs, 1, ours) });
    }
    const { fillItemSearch } = await import('../../lib/items/fill-item-search');
    const fillStarted = performance.now();
    const filled = await fillItemSearch({ budgetMs: Number.POSITIVE_INFINITY });
    const fillSeconds = round((performance.now() - fillStarted) / 1000);
    for (const w of whilePending) {
      const after = await findItems({ projectId, filters: { gold: false, q: w.q }, page: 1 });
      if (after.total !== w.matches) throw new Error(`"${w.q}": ${w.matches} matches while pending, ${after.total} after the fill`);
    }
    if (values.json) {
      console.log(
        JSON.stringify({
          benchmark: 'search',
          whilePending: { items: pendingItems, fillSeconds, filled: filled.moved, queries: whilePending },
          items: n,
          runs,
          searchCountCap: SEARCH_COUNT_CAP,
          seedSeconds,
          loadAverage: { before: loadBefore, after: os.loadavg().map(round) },
          queries: results,
        }),
      );
      return;
    }
    printTable(
      `search: findItems with a search text on one project of ${n.toLocaleString('en')} items (seeded in ${seedSeconds} s), ${runs} runs each; baseline: the scan it replaced`,
      results.flatMap((r) => [
        {
          name: `findItems "${r.q}" (${r.name})`,
          figure: r.ours,
          baseline: `${r.matches} matches (shown: ${r.shown}); ${r.usesIndex ? `plan uses ${INDEX}` : 'plan scans'}`,
        },
        {
          name: `  baseline: scan, 50 ids + count(*), raw pg`,
          figure: r.scan,
          baseline: `ours ÷ scan (p50): ${r.scan.p50Ms > 0 ? round(r.ours.p50Ms / r.scan.p50Ms) : '–'}`,
        },
      ]),
    );
    printTable(
      `the same searches right after ${pendingItems.toLocaleString('en')} more items arrived, before the fill job wrote their search rows (it then took ${fillSeconds} s for ${filled.moved} items)`,
      whilePending.map((w) => ({
        name: `findItems "${w.q}" while pending`,
        figure: w.ours,
        baseline: `${w.matches} shown; the same after the fill`,
      })),
    );
    console.log(
      `\nload average (1, 5, 15 min) before ${loadBefore.join(', ')}, after ${os.loadavg().map(round).join(', ')} on ${os.cpus().length} CPUs`,
    );
  } finally {
    await raw.end();
    await getDb().$disconnect();
    await getPgPool().end();
    await db.close();
  }
}

/**
 * Items in bulk (one INSERT … SELECT each, not row by row): a system and a user message of
 * ~330 characters, a request word of eight (1 in 8 "explain"), "zebra" in 1 item of 997, and
 * the same again in a second project. Returns the measured project's id.
 */
export async function seed(raw: pg.Pool, n: number): Promise<string> {
  const project = await raw.query<{ id: string }>(
    `INSERT INTO projects (slug, name, overlap, "updatedAt") VALUES ('bench', 'Bench', 3, now()) RETURNING id`,
  );
  const projectId = project.rows[0]?.id ?? '';
  await raw.query(`INSERT INTO projects (slug, name, "updatedAt") VALUES ('other', 'Other', now())`);
  for (const [slug, count] of [
    ['bench', n],
    ['other', Math.ceil(n / 5)],
  ] as const)
    await addItems(raw, slug, count, 1, 0);
  // The items' search rows are written by the fill job after an insert (lib/items/fill-item-search.ts): run it, as a worker would.
  const { fillItemSearch } = await import('../../lib/items/fill-item-search');
  await fillItemSearch({ budgetMs: Number.POSITIVE_INFINITY });
  await raw.query('VACUUM ANALYZE items, item_search, item_search_pending');
  return projectId;
}

const WORDS = `ARRAY['explain','summarize','translate','write','compare','list','fix','describe']`;
const FILLER = `ARRAY['the','model','answer','careful','step','reasoning','about','data','quality','preference','labels','with','examples','weather','garden','history']`;

/** `count` items numbered from `first` in the project of `slug` (see seed), item g made g seconds before now, plus `shiftSeconds`. */
async function addItems(raw: pg.Pool, slug: string, count: number, first: number, shiftSeconds: number): Promise<void> {
  await raw.query(
    `INSERT INTO items ("projectId", "externalId", messages, "createdAt")
     SELECT p.id, 'item-' || g,
       jsonb_build_array(
         jsonb_build_object('role', 'system', 'content', 'You are a helpful assistant.'),
         jsonb_build_object('role', 'user', 'content', initcap((${WORDS})[1 + g % 8]) || ' item ' || g || CASE WHEN g % 997 = 0 THEN ' zebra' ELSE '' END || ': ' ||
           (SELECT string_agg((${FILLER})[1 + (g * 31 + k * 7) % 16], ' ') FROM generate_series(1, 40 + g % 20) k))),
       now() - g * interval '1 second' + $4::int * interval '1 second'
     FROM projects p, generate_series($2::int, $2::int + $3::int - 1) g WHERE p.slug = $1`,
    [slug, first, count, shiftSeconds],
  );
}
