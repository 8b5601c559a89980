/**
 * A project with simulated judgments inserted by SQL (like an import, with assignments so the
 * shown order is kept), for the labeler-pool tests: K responses per item from models m0…m(K−1).
 */
import { buildProject, insertItems, insertJudgments, insertMemberships, insertUsers } from '@/lib/builders';

export type PoolSimJudgment = {
  item: number;
  labeler: number;
  shownOrder: number[];
  ranking: number[][];
  durationMs: number;
  seconds: number;
};

export async function insertPoolProject(options: { labelers: number; items: number; k: number; judgments: PoolSimJudgment[] }) {
  const project = await buildProject({ name: 'Pool sim' });
  const users = await insertUsers({ count: options.labelers, name: (n) => `Sim ${String(n).padStart(2, '0')}` });
  await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
  const items = await insertItems({
    projectId: project.id,
    count: options.items,
    externalId: (n) => `sim-${n}`,
    prompt: 'q',
    responses: Array.from({ length: options.k }, (_, r) => ({ text: 'y'.repeat(r + 1), modelId: `m${r}` })),
  });
  const judgments = options.judgments.map((j) => {
    const item = items[j.item]!;
    const id = (r: number) => item.responses[r]!.id;
    // Seconds after 2026-01-01 00:00 UTC, as the simulation dates them.
    return {
      itemId: item.id,
      userId: users[j.labeler]!.id,
      shownOrder: j.shownOrder.map(id),
      ranking: j.ranking.map((g) => g.map(id)),
      durationMs: j.durationMs,
      createdAt: new Date(Date.UTC(2026, 0, 1) + j.seconds * 1000),
    };
  });
  await insertJudgments({ projectId: project.id, judgments });
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
