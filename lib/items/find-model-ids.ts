import { getReadDb } from '@/lib/db';

/** The distinct model ids among a project's responses, for the item list's model filter. */
export async function findModelIds(options: { projectId: string }): Promise<string[]> {
  const rows = await (
    await getReadDb()
  ).$queryRaw<{ modelId: string }[]>`
    SELECT DISTINCT r."modelId" FROM responses r JOIN items i ON i.id = r."itemId"
    WHERE i."projectId" = ${options.projectId}::uuid AND r."modelId" IS NOT NULL
    ORDER BY r."modelId"`;
  return rows.map((r) => r.modelId);
}
