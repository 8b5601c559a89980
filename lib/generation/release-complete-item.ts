import { getPgPool } from '@/lib/db';

/**
 * Hands an item waiting for generated responses to labelers once none of its generation tasks is open
 * and it has the project's minimum of responses. Run after the task's own commit by every task that
 * ends: the last one to end sees the others' commits, so the item is released exactly when complete.
 */
export async function releaseCompleteItem(options: { itemId: string }): Promise<void> {
  await getPgPool().query(
    `UPDATE items i SET "awaitingResponses" = false
      WHERE i.id = $1 AND i."awaitingResponses"
        AND NOT EXISTS (SELECT 1 FROM generation_tasks t WHERE t."itemId" = i.id AND t.status IN ('QUEUED', 'RUNNING'))
        AND (SELECT count(*) FROM responses r WHERE r."itemId" = i.id) >= (SELECT p."minResponses" FROM projects p WHERE p.id = i."projectId")`,
    [options.itemId],
  );
}
