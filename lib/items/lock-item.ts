import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { ZItemId } from '@/lib/items/schemas';

/**
 * Locks an item of the project for the rest of the transaction, so concurrent edits of one item
 * apply one after the other; NOT_FOUND when the project has no such item.
 */
export async function lockItem(tx: Tx, options: { projectId: string; itemId: string }) {
  const notFound = () => new AppError('NOT_FOUND', 'No such item in this project');
  // A malformed id would fail the ::uuid cast with a database error; it names no item either.
  if (!ZItemId.safeParse(options.itemId).success || !ZItemId.safeParse(options.projectId).success) throw notFound();
  const rows = await tx.$queryRaw<{ id: string; externalId: string | null; isGold: boolean; priority: number }[]>`
    SELECT id::text AS id, "externalId", "isGold", priority FROM items
    WHERE id = ${options.itemId}::uuid AND "projectId" = ${options.projectId}::uuid
    FOR UPDATE`;
  const item = rows[0];
  if (!item) throw notFound();
  return item;
}
