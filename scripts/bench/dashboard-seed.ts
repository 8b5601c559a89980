/**
 * The dashboard benchmark's project (issue 23): about N/3 items × 4 responses (8 models of planted
 * strength), each judged by 3 of 60 labelers with planted disagreement (noisy labelers, hard
 * items, 2 random clickers, 2 first-shown clickers, Likert ratings and flags, 2% gold), written
 * with one COPY FROM STDIN per table and chunk of items, never row by row, and never more than one
 * chunk of rows in memory.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { insertMemberships, insertProject } from '../../lib/builders/build-project';
import { insertUsers } from '../../lib/builders/insert-users';
import { seededRandom } from '../../lib/stats/random';

export const MODELS = Array.from({ length: 8 }, (_, m) => `model-${m + 1}`);
const FLAGS = ['hallucination', 'fails_instruction', 'expresses_opinion', 'harmful_advice'];
const DAY_MS = 86_400_000;
const CHUNK = 5000;
/** Items left unjudged (open for the submit measurement). */
export const SPARE_ITEMS = 200;

/** COPY's text format: `\N` for null; backslash, tab, line feed and carriage return escaped. */
const value = (v: string | number | boolean | null) =>
  v === null
    ? '\\N'
    : typeof v === 'string'
      ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
      : typeof v === 'boolean'
        ? v
          ? 't'
          : 'f'
        : String(v);
const row = (values: (string | number | boolean | null)[]) => `${values.map(value).join('\t')}\n`;
/** A PostgreSQL array literal of uuids or plain words (no quoting needed). */
const array = (words: string[]) => `{${words.join(',')}}`;

async function copy(client: pg.PoolClient, sql: string, rows: string[]): Promise<void> {
  await pipeline(Readable.from(rows), client.query(copyFrom(sql)));
}

/** Seeds the project; returns its id, the labelers (in order: 2 random, 2 first-shown, then honest) and how long each part took. */
export async function seedDashboardProject(
  pool: pg.Pool,
  options: { judgments: number; labelers: number },
): Promise<{ projectId: string; labelers: string[]; nItems: number; generateSeconds: number }> {
  const nItems = Math.max(1, Math.round(options.judgments / 3));
  const random = seededRandom(6);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const pick = <T>(values: T[], n: number) => {
    const out = [...values];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out.slice(0, n);
  };
  const projectId = await insertProject({ pool, slug: 'bench-dash', name: 'Bench', overlap: 3, settings: { goldRate: 0 } });
  const users = await insertUsers({ pool, count: options.labelers, email: (n) => `l${n}@b.test`, name: (n) => `Labeler ${n}` });
  await insertMemberships({ pool, projectId, userIds: users.map((u) => u.id) });
  const strength = new Map(MODELS.map((m, i) => [m, i * 0.25]));
  const kinds = users.map((_, l) => (l < 2 ? 'random' : l < 4 ? 'first' : 'honest'));
  const noise = users.map(() => 0.6 + random() * 1.2);
  const labelerIndexes = users.map((_, l) => l);
  const now = Date.now();
  const total = nItems + SPARE_ITEMS;

  let generateMs = 0;
  const client = await pool.connect();
  // Plain (non-unique) indexes are built once after the load rather than kept up to date row by row.
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
     WHERE i.indrelid = ANY(ARRAY['items', 'responses', 'assignments', 'judgments', 'response_ratings']::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary`,
  );
  try {
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
    // The two per-row slot triggers would cost a round of counter updates per assignment: item_slots
    // rows are written with their slot count instead, and every slot is below the overlap by construction.
    await client.query(
      `ALTER TABLE assignments DISABLE TRIGGER assignments_track_rank_slots, DISABLE TRIGGER assignments_slot_within_overlap`,
    );
    const replica =
      (await client.query<{ su: boolean }>(`SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user`)).rows[0]?.su === true;
    let started = performance.now();
    for (let at = 0; at < total; at += CHUNK) {
      const judgmentIds: string[] = [];
      const items: string[] = [];
      const itemIds: string[] = [];
      const slotted: string[] = [];
      const responses: string[] = [];
      const assignments: string[] = [];
      const judgments: string[] = [];
      const ratings: string[] = [];
      for (let n = at; n < Math.min(total, at + CHUNK); n++) {
        const itemId = randomUUID();
        const models = pick(MODELS, 4);
        const ids = models.map(() => randomUUID());
        const judged = n < nItems;
        const gold = n % 50 === 0;
        // Gold: the models' planted order (strongest first).
        const goldRanking = gold
          ? JSON.stringify([0, 1, 2, 3].sort((x, y) => models[y]!.localeCompare(models[x]!)).map((r) => [ids[r]]))
          : null;
        const messages = JSON.stringify([{ role: 'user', content: `Question number ${n + 1}` }]);
        items.push(row([itemId, projectId, `item-${n + 1}`, messages, gold, goldRanking]));
        itemIds.push(itemId);
        if (judged) slotted.push(itemId);
        models.forEach((modelId, r) =>
          responses.push(row([ids[r]!, itemId, 'abcd'[r]!, modelId, 'w'.repeat(20 + Math.floor(random() * 280))])),
        );
        if (!judged) continue;
        const hard = random() < 0.2 ? 1.5 : 0;
        const truth = models.map((m) => strength.get(m)! + 0.8 * gaussian());
        pick(labelerIndexes, 3).forEach((l, slot) => {
          const shown = pick([0, 1, 2, 3], 4);
          const score = truth.map((t) => t + (noise[l]! + hard) * gaussian());
          let order = [0, 1, 2, 3].sort((x, y) => score[y]! - score[x]!);
          if (kinds[l] === 'random') order = pick([0, 1, 2, 3], 4);
          if (kinds[l] === 'first') order = [shown[0]!, ...order.filter((r) => r !== shown[0])];
          // Near-equal scores become ties now and then.
          const groups: number[][] = [];
          for (const r of order) {
            const last = groups.at(-1);
            if (last && kinds[l] === 'honest' && Math.abs(score[last[0]!]! - score[r]!) < 0.1) last.push(r);
            else groups.push([r]);
          }
          const assignmentId = randomUUID();
          const judgmentId = randomUUID();
          judgmentIds.push(judgmentId);
          const when = new Date(now - Math.floor(((nItems - n) / nItems) * 30 * DAY_MS) - slot * 60_000).toISOString();
          const userId = users[l]!.id;
          assignments.push(
            row([assignmentId, projectId, itemId, userId, 'SUBMITTED', when, array(shown.map((r) => ids[r]!)), slot, when, when]),
          );
          judgments.push(
            row([
              judgmentId,
              assignmentId,
              itemId,
              userId,
              JSON.stringify(groups.map((g) => g.map((r) => ids[r]))),
              '{}',
              1,
              10_000 + Math.floor(random() * 110_000),
              when,
            ]),
          );
          for (let r = 0; r < 4; r++) {
            const flags = FLAGS.filter((_, f) => random() < (score[r]! < 0 ? 0.3 : 0.05) / (f + 1));
            ratings.push(row([judgmentId, ids[r]!, Math.min(7, Math.max(1, Math.round(4 + 1.5 * score[r]! - 2))), array(flags)]));
          }
        });
      }
      generateMs += performance.now() - started;
      await client.query('BEGIN');
      // Foreign keys and triggers are checked row by row; the rows are consistent by construction, so
      // where the connection may (a superuser's), the load skips them (session_replication_role) and
      // writes the one thing a trigger would have: each judged item's item_stats row, stale, for the backfill.
      if (replica) await client.query(`SET LOCAL session_replication_role = replica`);
      await copy(client, `COPY items (id, "projectId", "externalId", messages, "isGold", "goldRanking") FROM STDIN`, items);
      // The slot counters (item_slots, written by the items insert trigger, which replica mode skips): 3 for a judged item.
      await client.query(
        `INSERT INTO item_slots ("itemId", "projectId", "isGold", taken, priority, "createdAt")
         SELECT i.id, i."projectId", i."isGold", CASE WHEN i.id = ANY($2::uuid[]) THEN 3 ELSE 0 END, i.priority, i."createdAt"
         FROM items i WHERE i."projectId" = $1::uuid AND i.id = ANY($3::uuid[])
         ON CONFLICT ("itemId") DO UPDATE SET taken = EXCLUDED.taken`,
        [projectId, slotted, itemIds],
      );
      await copy(client, `COPY responses (id, "itemId", "externalId", "modelId", text) FROM STDIN`, responses);
      await copy(
        client,
        `COPY assignments (id, "projectId", "itemId", "userId", status, "leaseExpiresAt", "shownOrder", slot, "submittedAt", "createdAt") FROM STDIN`,
        assignments,
      );
      await copy(
        client,
        `COPY judgments (id, "assignmentId", "itemId", "userId", ranking, "promptFlags", "taxonomyVersion", "durationMs", "createdAt") FROM STDIN`,
        judgments,
      );
      await copy(client, `COPY response_ratings ("judgmentId", "responseId", likert, flags) FROM STDIN`, ratings);
      if (replica)
        await client.query(
          `INSERT INTO item_stats ("itemId", "projectId") SELECT DISTINCT "itemId", $1::uuid FROM judgments WHERE id = ANY($2::uuid[]) ON CONFLICT DO NOTHING`,
          [projectId, judgmentIds],
        );
      await client.query('COMMIT');
      started = performance.now();
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    try {
      await client.query(
        `ALTER TABLE assignments ENABLE TRIGGER assignments_track_rank_slots, ENABLE TRIGGER assignments_slot_within_overlap`,
      );
      for (const index of indexes) await client.query(index.definition);
    } finally {
      client.release();
    }
  }
  await pool.query('ANALYZE');
  return { projectId, labelers: users.map((u) => u.id), nItems, generateSeconds: Math.round(generateMs) / 1000 };
}
