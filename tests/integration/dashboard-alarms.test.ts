/**
 * The labelers table's alarms on a generated project (issue 6): 12 honest simulated labelers
 * (≈ 80% of pairs agree with a hidden true order), one random clicker and one who always ranks
 * the first-shown response first. The alarm must fire for exactly those two.
 *
 * Sized so the two are far past the threshold (p ≈ 1e-8 and 1e-38 at seed 1). The tests are
 * calibrated, so each honest labeler still has the ≈ 1% false-alarm chance that p < 0.01 means;
 * the seed is fixed, so the outcome is deterministic. Judgments go in by SQL, like an import, and
 * the first dashboard read computes the stale items.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findLabelerQuality } from '@/lib/dashboard/find-labeler-quality';
import { getAgreementSummary } from '@/lib/dashboard/get-agreement-summary';
import { getPgPool } from '@/lib/db';
import { createProject } from '@/lib/projects/create-project';
import { simulateLabeling, type SimKind } from '../helpers/simulate-labelers';

const KINDS: SimKind[] = [...Array.from({ length: 12 }, () => 'honest' as const), 'random', 'first-shown'];
const ITEMS = 420;

describe('dashboard alarms', () => {
  it('fire for the random clicker and the first-shown clicker, and for no honest labeler', { timeout: 120_000 }, async () => {
    const project = await createProject({ actorId: null, input: { name: 'Alarms', slug: `alarms-${randomUUID().slice(0, 8)}`, guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 } });
    const pool = getPgPool();
    const { rows: users } = await pool.query<{ id: string }>(
      `INSERT INTO users (email, name, role, "updatedAt") SELECT 'sim' || g || '-' || $1 || '@t.test', 'Sim ' || g, 'LABELER', now() FROM generate_series(1, $2::int) g ORDER BY g RETURNING id`,
      [randomUUID(), KINDS.length],
    );
    await pool.query(`INSERT INTO memberships ("projectId", "userId") SELECT $1, unnest($2::uuid[])`, [project.id, users.map((u) => u.id)]);
    const { rows: items } = await pool.query<{ id: string }>(
      `INSERT INTO items ("projectId", "externalId", messages) SELECT $1, 'sim-' || g, '[{"role":"user","content":"q"}]' FROM generate_series(1, $2::int) g ORDER BY g RETURNING id`,
      [project.id, ITEMS],
    );
    const { rows: responses } = await pool.query<{ id: string; itemId: string; r: number }>(
      `INSERT INTO responses ("itemId", text, "modelId") SELECT i, repeat('y', r + 1), 'm' || r FROM unnest($1::uuid[]) i, generate_series(0, 3) r RETURNING id, "itemId", (length(text) - 1) AS r`,
      [items.map((i) => i.id)],
    );
    const responseId = new Map(responses.map((r) => [`${r.itemId}:${r.r}`, r.id]));

    const judgments = simulateLabeling({ seed: 1, items: ITEMS, k: 4, perItem: 3, labelers: KINDS });
    const slots = new Map<number, number>();
    const rows = judgments.map((j) => {
      const itemId = items[j.item]!.id;
      const id = (r: number) => responseId.get(`${itemId}:${r}`)!;
      const slot = slots.get(j.item) ?? 0;
      slots.set(j.item, slot + 1);
      return { assignment: randomUUID(), itemId, userId: users[j.labeler]!.id, slot, shown: JSON.stringify(j.shownOrder.map(id)), ranking: JSON.stringify(j.ranking.map((g) => g.map(id))) };
    });
    await pool.query(
      `WITH a AS (
         INSERT INTO assignments (id, "projectId", "itemId", "userId", status, "leaseExpiresAt", "shownOrder", slot, "submittedAt")
         SELECT u.a, $1, u.item, u.usr, 'SUBMITTED', now(), ARRAY(SELECT jsonb_array_elements_text(u.shown)), u.slot, now()
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::jsonb[]) AS u(a, item, usr, slot, shown) RETURNING id, "itemId", "userId")
       INSERT INTO judgments ("assignmentId", "itemId", "userId", ranking, "promptFlags", "taxonomyVersion", "durationMs")
       SELECT a.id, a."itemId", a."userId", u.ranking, '{}', 1, 20000 FROM a JOIN unnest($2::uuid[], $7::jsonb[]) AS u(a, ranking) ON u.a = a.id`,
      [project.id, rows.map((r) => r.assignment), rows.map((r) => r.itemId), rows.map((r) => r.userId), rows.map((r) => r.slot), rows.map((r) => r.shown), rows.map((r) => r.ranking)],
    );

    const table = await findLabelerQuality({ projectId: project.id });
    const kindOf = new Map(users.map((u, l) => [u.id, KINDS[l]!]));
    const alarmed = table.filter((row) => row.alarms.length > 0).map((row) => kindOf.get(row.userId));
    expect(alarmed.sort()).toEqual(['first-shown', 'random']);
    const random = table.find((row) => kindOf.get(row.userId) === 'random')!;
    const first = table.find((row) => kindOf.get(row.userId) === 'first-shown')!;
    expect(random.alarms).toContain('low_agreement');
    expect(random.agreementP).toBeLessThan(1e-4);
    expect(first.alarms).toContain('position_bias');
    expect(first.positionBias.rate).toBe(1);
    expect(first.positionBias.p).toBeLessThan(1e-10);
    for (const row of table.filter((r) => kindOf.get(r.userId) === 'honest')) {
      expect(row.labels).toBeGreaterThan(60);
      expect(row.looAgreement.compared).toBeGreaterThan(200);
      expect(row.looAgreement.rate).toBeGreaterThan(0.7);
      expect(row.positionBias.rate).toBeGreaterThan(0.35);
      expect(row.positionBias.rate).toBeLessThan(0.65);
    }
    // The project's agreement sits where the simulation puts it (honest pairs ≈ 80% right, so two agree ≈ 68%+).
    const summary = await getAgreementSummary({ projectId: project.id });
    expect(summary.items).toBe(ITEMS);
    expect(summary.pairwise.estimate).toBeGreaterThan(0.6);
    expect(summary.pairwise.estimate).toBeLessThan(0.75);
  });
});
