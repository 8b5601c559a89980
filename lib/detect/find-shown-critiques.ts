import type { ClientBase, Pool } from 'pg';
import { getPgPool } from '@/lib/db';

/** The critiques of exactly the shown text: the response's own (no perturbation) for the original, the perturbation's for the flawed one. */
export async function findShownCritiques(
  o: { variant: 'ORIGINAL' | 'FLAWED'; responseId: string; perturbationId: string },
  client: ClientBase | Pool = getPgPool(),
): Promise<{ id: string; text: string }[]> {
  const { rows } = await client.query<{ id: string; text: string }>(
    o.variant === 'FLAWED'
      ? `SELECT id, text FROM critiques WHERE "perturbationId" = $1 ORDER BY "createdAt", id`
      : `SELECT id, text FROM critiques WHERE "responseId" = $1 AND "perturbationId" IS NULL ORDER BY "createdAt", id`,
    [o.variant === 'FLAWED' ? o.perturbationId : o.responseId],
  );
  return rows;
}
