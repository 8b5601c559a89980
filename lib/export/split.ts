import { createHash } from 'node:crypto';
import type { ImportMessage } from '@/lib/import/types';
import type { Split } from '@/lib/export/types';

/**
 * The split of a prompt: a hash of the conversation (roles and texts, not the item id), so
 * every item with the same prompt lands on the same side, in every export, whatever else was
 * labeled meanwhile. The first 32 bits of sha256 as a fraction of 2³² below the share → validation.
 */
export function splitFor(messages: ImportMessage[], validationShare: number): Split {
  const canonical = JSON.stringify(messages.map((m) => [m.role, m.content]));
  const fraction = createHash('sha256').update(canonical).digest().readUInt32BE(0) / 2 ** 32;
  return fraction < validationShare ? 'validation' : 'train';
}
