/**
 * The lead's item list on a large project: findItems (page + total) with each filter, the model
 * list and one item, against the floor of a bare "newest 50 ids" query and a bare count.
 *   --items N      items in the measured project (default 100000); a second project holds N/5
 *   --runs N       runs per measurement (default 20)
 *   --json
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { measure, printTable, scratchDatabase, type Figure } from './harness';

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      items: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '20' },
    },
  });
  const n = Number(values.items);
  const runs = Number(values.runs);
  const db = await scratchDatabase('items');

  const { getDb } = await import('../../lib/db');
  const { findItems } = await import('../../lib/items/find-items');
  const { findModelIds } = await import('../../lib/items/find-model-ids');
  const { getItem } = await import('../../lib/items/get-item');

  const raw = new pg.Pool({ connectionString: db.databaseUrl, max: 4 });
  try {
    const projectId = await seed(raw, n);
    const item = (await raw.query<{ id: string }>(`SELECT id FROM items WHERE "projectId" = $1 LIMIT 1`, [projectId])).rows[0]?.id ?? '';
    const list =
      (filters: Record<string, unknown>, page = 1) =>
      () =>
        findItems({ projectId, filters: { gold: false, ...filters }, page });
    const cases: [string, () => Promise<unknown>][] = [
      ['findItems: page 1, no filter', list({})],
      ['findItems: page 1000, no filter', list({}, 1000)],
      ['findItems: search, rare word', list({ q: 'zebra' })],
      ['findItems: search, common word', list({ q: 'explain' })],
      ['findItems: gold', list({ gold: true })],
      ['findItems: with labels', list({ labels: 'with' })],
      ['findItems: without labels', list({ labels: 'without' })],
      ['findItems: model', list({ model: 'model-3' })],
      ['findItems: complete', list({ status: 'complete' })],
      ['findItems: in progress', list({ status: 'in-progress' })],
      ['findItems: untouched', list({ status: 'untouched' })],
      ['findModelIds', () => findModelIds({ projectId })],
      ['getItem', () => getItem({ projectId, itemId: item })],
      [
        'baseline: newest 50 ids, raw pg',
        () => raw.query(`SELECT id FROM items WHERE "projectId" = $1 ORDER BY "createdAt" DESC, id DESC LIMIT 50`, [projectId]),
      ],
      ['baseline: count(*), raw pg', () => raw.query(`SELECT count(*) FROM items WHERE "projectId" = $1`, [projectId])],
    ];
    const figures: { name: string; figure: Figure }[] = [];
    for (const [name, fn] of cases) {
      await fn(); // warm the cache and the plan
      figures.push({ name, figure: await measure(runs, 1, fn) });
    }
    if (values.json)
      console.log(
        JSON.stringify({ benchmark: 'items', items: n, runs, figures: Object.fromEntries(figures.map((f) => [f.name, f.figure])) }),
      );
    else
      printTable(`items: one project of ${n.toLocaleString('en')} items (4 responses each, a third labeled), ${runs} runs each`, figures);
  } finally {
    await raw.end();
    await getDb().$disconnect();
    await db.close();
  }
}

/** Items, responses, labelers, assignments and judgments in bulk; returns the measured project's id. */
async function seed(raw: pg.Pool, n: number): Promise<string> {
  const project = await raw.query<{ id: string }>(
    `INSERT INTO projects (slug, name, overlap, "updatedAt") VALUES ('bench', 'Bench', 3, now()) RETURNING id`,
  );
  const projectId = project.rows[0]?.id ?? '';
  await raw.query(`INSERT INTO projects (slug, name, "updatedAt") VALUES ('other', 'Other', now())`);
  const words = `ARRAY['explain','summarize','translate','write','compare','list','fix','describe']`;
  for (const [slug, count] of [
    ['bench', n],
    ['other', Math.ceil(n / 5)],
  ] as const) {
    await raw.query(
      `INSERT INTO items ("projectId", "externalId", messages, "isGold", priority, "createdAt")
       SELECT p.id, 'item-' || g,
         jsonb_build_array(
           jsonb_build_object('role', 'system', 'content', 'You are a helpful assistant.'),
           jsonb_build_object('role', 'user', 'content', (${words})[1 + g % 8] || ' item ' || g || CASE WHEN g % 997 = 0 THEN ' zebra' ELSE '' END || ' ' || repeat('lorem ipsum ', 40))),
         g % 50 = 0, (g % 7) - 3, now() - g * interval '1 second'
       FROM projects p, generate_series(1, $2::int) g WHERE p.slug = $1`,
      [slug, count],
    );
  }
  await raw.query(
    `INSERT INTO responses ("itemId", "externalId", "modelId", text)
     SELECT i.id, 'r' || k, 'model-' || ((abs(hashtext(i.id::text)) + k) % 6), repeat('A response. ', 80)
     FROM items i, generate_series(1, 4) k`,
  );
  await raw.query(
    `INSERT INTO users (email, name, role, "updatedAt") SELECT 'labeler' || g || '@bench.test', 'L' || g, 'LABELER', now() FROM generate_series(1, 5) g`,
  );
  // A third of the items get 1 to 4 judgments (overlap 3: some complete), a few more an active lease.
  await raw.query(
    `WITH labeled AS (
       SELECT i.id, i."projectId", row_number() OVER () AS k FROM items i WHERE i."projectId" = $1 AND abs(hashtext(i.id::text)) % 3 = 0
     ), pairs AS (
       SELECT l.id, l."projectId", u.id AS "userId" FROM labeled l
       JOIN LATERAL (SELECT id FROM users ORDER BY email LIMIT (1 + l.k % 4)) u ON true
     ), a AS (
       INSERT INTO assignments ("projectId", "itemId", "userId", status, "leaseExpiresAt", "submittedAt")
       SELECT "projectId", id, "userId", 'SUBMITTED', now(), now() FROM pairs RETURNING id, "itemId", "userId"
     )
     INSERT INTO judgments ("assignmentId", "itemId", "userId", ranking, "taxonomyVersion", "durationMs")
     SELECT id, "itemId", "userId", '[]', 1, 1000 FROM a`,
    [projectId],
  );
  await raw.query(
    `INSERT INTO assignments ("projectId", "itemId", "userId", status, "leaseExpiresAt")
     SELECT i."projectId", i.id, (SELECT id FROM users WHERE email = 'labeler5@bench.test'), 'ACTIVE', now() + interval '1 hour'
     FROM items i WHERE i."projectId" = $1 AND abs(hashtext(i.id::text)) % 3 = 1 AND abs(hashtext(i.id::text)) % 100 < 3`,
    [projectId],
  );
  // Steady state: autovacuum would have set the visibility map (index-only scans) by now.
  await raw.query('VACUUM ANALYZE');
  return projectId;
}
