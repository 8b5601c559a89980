import { getPgPool } from '@/lib/db';

/**
 * How many of the project's items are conversations (more than one turn, or a system message):
 * the Export page starts on `pairs-chat` when there are any, since `pairs` holds a single user
 * prompt as text.
 */
export async function findConversationCount(options: { projectId: string }): Promise<number> {
  const { rows } = await getPgPool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM items WHERE "projectId" = $1 AND (jsonb_array_length(messages) <> 1 OR messages -> 0 ->> 'role' IS DISTINCT FROM 'user')`,
    [options.projectId],
  );
  return rows[0]?.n ?? 0;
}
