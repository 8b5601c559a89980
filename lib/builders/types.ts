import type pg from 'pg';
import type { Db, Tx } from '@/lib/db';

/** A plain pg connection or pool: the bulk builders write through one statement per table. */
export type Queryable = pg.Pool | pg.PoolClient;

/** Prisma client or a transaction of it: the one-row builders write through Prisma. */
export type PrismaLike = Db | Tx;

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

/** One response of an item. Unset fields keep the column's default. */
export type ResponseSpec = {
  text: string;
  modelId?: string | null;
  externalId?: string | null;
  metadata?: Record<string, unknown>;
  perturbSource?: boolean;
  createdAt?: Date;
};

/** `k` responses a, b, c… by model-a, model-b…, or the given texts in that order. */
export function responsesOf(spec: number | string[] | ResponseSpec[], externalIdPrefix = ''): ResponseSpec[] {
  const letter = (i: number) => String.fromCharCode(97 + i);
  if (typeof spec === 'number')
    return Array.from({ length: spec }, (_, i) => ({
      text: `Answer ${letter(i)}`,
      modelId: `model-${letter(i)}`,
      externalId: `${externalIdPrefix}${letter(i)}`,
    }));
  return spec.map((r, i) =>
    typeof r === 'string' ? { text: r, modelId: `model-${letter(i)}`, externalId: `${externalIdPrefix}${letter(i)}` } : r,
  );
}
