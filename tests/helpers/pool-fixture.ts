/**
 * A project with simulated judgments inserted by SQL (like an import, with assignments so the
 * shown order is kept), for the labeler-pool tests: K responses per item from models m0…m(K−1).
 */
import { randomUUID } from 'node:crypto';
import { getPgPool } from '@/lib/db';
import { createProject } from '@/lib/projects/create-project';

export type PoolSimJudgment = { item: number; labeler: number; shownOrder: number[]; ranking: number[][]; durationMs: number; seconds: number };

export async function insertPoolProject(options: { labelers: number; items: number; k: number; judgments: PoolSimJudgment[] }) {
  const project = await createProject({ actorId: null, input: { name: 'Pool sim', slug: `psim-${randomUUID().slice(0, 8)}`, guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 } });
  const pool = getPgPool();
  const { rows: users } = await pool.query<{ id: string }>(
    `INSERT INTO users (email, name, role, "updatedAt") SELECT 'ps' || g || '-' || $1 || '@t.test', 'Sim ' || lpad(g::text, 2, '0'), 'LABELER', now() FROM generate_series(1, $2::int) g ORDER BY g RETURNING id`,
    [randomUUID(), options.labelers],
  );
  await pool.query(`INSERT INTO memberships ("projectId", "userId") SELECT $1, unnest($2::uuid[])`, [project.id, users.map((u) => u.id)]);
  const { rows: items } = await pool.query<{ id: string }>(
    `INSERT INTO items ("projectId", "externalId", messages) SELECT $1, 'sim-' || g, '[{"role":"user","content":"q"}]' FROM generate_series(1, $2::int) g ORDER BY g RETURNING id`,
    [project.id, options.items],
  );
  const { rows: responses } = await pool.query<{ id: string; itemId: string; r: number }>(
    `INSERT INTO responses ("itemId", text, "modelId") SELECT i, repeat('y', r + 1), 'm' || r FROM unnest($1::uuid[]) i, generate_series(0, $2::int - 1) r RETURNING id, "itemId", (length(text) - 1) AS r`,
    [items.map((i) => i.id), options.k],
  );
  const responseId = new Map(responses.map((r) => [`${r.itemId}:${r.r}`, r.id]));
  const slots = new Map<number, number>();
  const rows = options.judgments.map((j) => {
    const itemId = items[j.item]!.id;
    const id = (r: number) => responseId.get(`${itemId}:${r}`)!;
    const slot = slots.get(j.item) ?? 0;
    slots.set(j.item, slot + 1);
    return { assignment: randomUUID(), itemId, userId: users[j.labeler]!.id, slot, shown: JSON.stringify(j.shownOrder.map(id)), ranking: JSON.stringify(j.ranking.map((g) => g.map(id))), durationMs: j.durationMs, seconds: j.seconds };
  });
  await pool.query(
    `WITH a AS (
       INSERT INTO assignments (id, "projectId", "itemId", "userId", status, "leaseExpiresAt", "shownOrder", slot, "submittedAt")
       SELECT u.a, $1, u.item, u.usr, 'SUBMITTED', now(), ARRAY(SELECT jsonb_array_elements_text(u.shown)), u.slot, now()
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::jsonb[]) AS u(a, item, usr, slot, shown) RETURNING id, "itemId", "userId")
     INSERT INTO judgments ("assignmentId", "itemId", "userId", ranking, "promptFlags", "taxonomyVersion", "durationMs", "createdAt")
     SELECT a.id, a."itemId", a."userId", u.ranking, '{}', 1, u.ms, timestamp '2026-01-01' + make_interval(secs => u.secs)
     FROM a JOIN unnest($2::uuid[], $7::jsonb[], $8::int[], $9::int[]) AS u(a, ranking, ms, secs) ON u.a = a.id`,
    [project.id, rows.map((r) => r.assignment), rows.map((r) => r.itemId), rows.map((r) => r.userId), rows.map((r) => r.slot), rows.map((r) => r.shown), rows.map((r) => r.ranking), rows.map((r) => r.durationMs), rows.map((r) => r.seconds)],
  );
  return { project, users: users.map((u) => u.id), items: items.map((i) => i.id) };
}

/** A seeded shuffle helper bound to one random source. */
export function shuffler(random: () => number) {
  return <T>(values: T[]) => {
    const out = [...values];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
}
