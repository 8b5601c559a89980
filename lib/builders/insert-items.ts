import { getPgPool } from '@/lib/db';
import { responsesOf, type ChatMessage, type Queryable, type ResponseSpec } from './types';

export type InsertedResponse = { id: string; itemId: string; externalId: string | null; modelId: string | null; text: string };
export type InsertedItem = { id: string; externalId: string | null; responses: InsertedResponse[] };

type PerItem<T> = T | ((n: number) => T);
const at = <T>(value: PerItem<T>, n: number): T => (typeof value === 'function' ? (value as (n: number) => T)(n) : value);

/**
 * `count` items (n = 1…count) with their responses: one INSERT for the items and one for the
 * responses, from unnest'ed arrays (the fast path benchmarks need: 10,000 items × 4 in about a
 * second). Every field may be a value or a function of n. Items and each item's responses come
 * back in order.
 */
export async function insertItems(options: {
  projectId: string;
  count: number;
  externalId?: PerItem<string | null>;
  messages?: PerItem<ChatMessage[]>;
  prompt?: PerItem<string>;
  metadata?: PerItem<Record<string, unknown>>;
  isGold?: PerItem<boolean>;
  goldRanking?: PerItem<unknown[] | null>;
  priority?: PerItem<number>;
  createdAt?: PerItem<Date | null>;
  /** k responses (a, b, c… by model-a, model-b…), their texts, or full specs; 2 when unset. */
  responses?: PerItem<number | string[] | ResponseSpec[]>;
  pool?: Queryable;
}): Promise<InsertedItem[]> {
  const out: InsertedItem[] = [];
  // Chunks keep each statement's parameters a few megabytes at most (100,000 items × 4 responses).
  for (let first = 1; first <= options.count; first += CHUNK)
    out.push(...(await insertChunk(options, first, Math.min(options.count, first + CHUNK - 1))));
  return out;
}

const CHUNK = 10_000;

async function insertChunk(options: Parameters<typeof insertItems>[0], first: number, last: number): Promise<InsertedItem[]> {
  const pool = options.pool ?? getPgPool();
  const ns = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const messages = ns.map((n) =>
    JSON.stringify(
      options.messages ? at(options.messages, n) : [{ role: 'user', content: options.prompt ? at(options.prompt, n) : `Question ${n}?` }],
    ),
  );
  const { rows: items } = await pool.query<{ id: string; externalId: string | null }>(
    `INSERT INTO items ("projectId", "externalId", messages, metadata, "isGold", "goldRanking", priority, "createdAt")
     SELECT $1, x.ext, x.messages::jsonb, x.metadata::jsonb, x.gold, x.gold_ranking::jsonb, x.priority, coalesce(x.created::timestamptz AT TIME ZONE 'UTC', now())
     FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::int[], $8::text[]) WITH ORDINALITY AS x(ext, messages, metadata, gold, gold_ranking, priority, created, n)
     ORDER BY x.n RETURNING id, "externalId"`,
    [
      options.projectId,
      ns.map((n) => (options.externalId === undefined ? `i${n}` : at(options.externalId, n))),
      messages,
      ns.map((n) => JSON.stringify(options.metadata ? at(options.metadata, n) : {})),
      ns.map((n) => (options.isGold ? at(options.isGold, n) : false)),
      ns.map((n) => {
        const gold = options.goldRanking === undefined ? null : at(options.goldRanking, n);
        return gold === null || gold === undefined ? null : JSON.stringify(gold);
      }),
      ns.map((n) => (options.priority === undefined ? 0 : at(options.priority, n))),
      ns.map((n) => (options.createdAt ? (at(options.createdAt, n)?.toISOString() ?? null) : null)),
    ],
  );
  const specs = items.map((item, i) => responsesOf(at(options.responses ?? 2, first + i), item.externalId ? `${item.externalId}-` : ''));
  const flat = specs.flatMap((list, i) => list.map((r) => ({ itemId: items[i]!.id, ...r })));
  // Only the ids come back (in insertion order, which RETURNING keeps for INSERT ... SELECT ... ORDER BY):
  // the rest is known here, and sending 40,000 texts back would double the cost of a benchmark's set-up.
  const { rows: ids } = flat.length
    ? await pool.query<{ id: string }>(
        `INSERT INTO responses ("itemId", "externalId", "modelId", text, metadata, "perturbSource", "createdAt")
         SELECT r.item, r.ext, r.model, r.text, r.metadata::jsonb, r.source, coalesce(r.created::timestamptz AT TIME ZONE 'UTC', now())
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[]) WITH ORDINALITY AS r(item, ext, model, text, metadata, source, created, n)
         ORDER BY r.n RETURNING id`,
        [
          flat.map((r) => r.itemId),
          flat.map((r) => r.externalId ?? null),
          flat.map((r) => r.modelId ?? null),
          flat.map((r) => r.text),
          flat.map((r) => (r.metadata ? JSON.stringify(r.metadata) : '{}')),
          flat.map((r) => r.perturbSource ?? false),
          flat.map((r) => r.createdAt?.toISOString() ?? null),
        ],
      )
    : { rows: [] };
  const responses: InsertedResponse[] = ids.map((row, k) => ({
    id: row.id,
    itemId: flat[k]!.itemId,
    externalId: flat[k]!.externalId ?? null,
    modelId: flat[k]!.modelId ?? null,
    text: flat[k]!.text,
  }));
  const byItem = new Map(items.map((item) => [item.id, [] as InsertedResponse[]]));
  for (const r of responses) byItem.get(r.itemId)?.push(r);
  return items.map((item) => ({ id: item.id, externalId: item.externalId, responses: byItem.get(item.id) ?? [] }));
}

/**
 * One item with its responses (insertItems with count 1). `gold` makes it a gold item whose
 * reference ranking is given by response indexes, ties nested: [[2], [0, 1]].
 */
export async function buildItem(
  options: Omit<Parameters<typeof insertItems>[0], 'count'> & { gold?: (number | number[])[] },
): Promise<InsertedItem> {
  const { gold, ...rest } = options;
  const [item] = await insertItems({ ...rest, count: 1 });
  if (!item) throw new Error('buildItem: no row returned');
  if (gold) {
    const ranking = gold.map((group) => (Array.isArray(group) ? group : [group]).map((i) => item.responses[i]?.id));
    await (options.pool ?? getPgPool()).query(`UPDATE items SET "isGold" = true, "goldRanking" = $2::jsonb WHERE id = $1`, [
      item.id,
      JSON.stringify(ranking),
    ]);
  }
  return item;
}
