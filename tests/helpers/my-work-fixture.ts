/**
 * The scenario pieces the My work tests share: a project with prompt-only items, and a judgment
 * of a given duration at a given UTC instant (no ranking: these tests count labels and time).
 */
import { buildJudgment, buildProject, insertItems } from '@/lib/builders';

export async function makeProject(name: string, items: number) {
  const project = await buildProject({ name });
  const rows = await insertItems({ projectId: project.id, count: items, prompt: 'q', responses: 0 });
  return { id: project.id, items: rows.map((i) => i.id) };
}

/** createdAt is given in UTC and stored the way Prisma stores it: UTC wall-clock time without a zone. */
export async function judge(
  itemId: string | undefined,
  userId: string,
  durationMs: number,
  createdAt: string,
  source: 'LABELED' | 'IMPORTED' = 'LABELED',
) {
  await buildJudgment({
    item: { id: itemId ?? '', responses: [] },
    userId,
    ranking: [],
    source,
    importRef: null,
    durationMs,
    createdAt: new Date(createdAt),
  });
}
