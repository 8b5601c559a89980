import { loadConversation } from '@/lib/chat/load-conversation';
import type { TStopChatSide } from '@/lib/chat/schemas';
import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';

/**
 * The labeler's Stop on one side: its streaming sample becomes STOPPED (the writer, on whatever
 * instance, notices at its next write, aborts the model's request and keeps what arrived). A side
 * that already finished is left as it is. Returns the side's status afterwards.
 */
export async function stopChatSide(o: { userId: string; projectId: string; input: TStopChatSide }): Promise<{ status: string }> {
  const loaded = await loadConversation({ ...o.input, userId: o.userId, projectId: o.projectId });
  if (!loaded) throw new AppError('NOT_FOUND', 'No such task');
  const turn = loaded.turns.find((t) => t.turn === o.input.turn);
  const sample = turn?.samples[o.input.side];
  if (!sample) throw new AppError('NOT_FOUND', 'No such answer');
  const { rows } = await getPgPool().query<{ status: string }>(
    `UPDATE chat_samples SET status = 'STOPPED', "finishedAt" = now() WHERE id = $1 AND status = 'STREAMING' RETURNING status`,
    [sample.id],
  );
  return { status: rows[0]?.status ?? sample.status };
}
