import type { TFlagChatConversation } from '@/lib/chat/schemas';
import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';

/** "Do not use this conversation": the labeler's own flag (reversible until finished); flagged battles stay out of the leaderboard and exports. */
export async function flagChatConversation(o: {
  userId: string;
  projectId: string;
  input: TFlagChatConversation;
}): Promise<{ doNotUse: boolean }> {
  const { rows } = await getPgPool().query<{ doNotUse: boolean }>(
    `UPDATE chat_conversations c SET "doNotUse" = $4 FROM assignments a
     WHERE c."assignmentId" = a.id AND a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND c."finishedAt" IS NULL AND a.status IN ('ACTIVE', 'EXPIRED')
     RETURNING c."doNotUse"`,
    [o.input.assignmentId, o.userId, o.projectId, o.input.doNotUse],
  );
  if (!rows[0]) throw new AppError('CONFLICT', 'This conversation is finished or no longer yours');
  return { doNotUse: rows[0].doNotUse };
}
