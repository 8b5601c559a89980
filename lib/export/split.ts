import { createHash } from 'node:crypto';
import type { ImportMessage } from '@/lib/import/types';
import type { ExportItem, Split } from '@/lib/export/types';

/** The grouping keys a researcher can split by; "metadata:<field>" names an item metadata field. */
export const SPLIT_KEYS = ['conversation', 'first_turn'] as const;
export const METADATA_SPLIT = /^metadata:([A-Za-z0-9_.-]{1,100})$/;

/** The metadata field a split key names, or null for the conversation keys. */
export function splitMetadataField(splitBy: string): string | null {
  return METADATA_SPLIT.exec(splitBy)?.[1] ?? null;
}

function fraction(canonical: string): { fraction: number; digest: string } {
  const digest = createHash('sha256').update(canonical).digest();
  return { fraction: digest.readUInt32BE(0) / 2 ** 32, digest: digest.toString('hex', 0, 12) };
}

const conversationKey = (messages: ImportMessage[]) => JSON.stringify(messages.map((m) => [m.role, m.content]));

/**
 * The canonical text of an item's split group. "conversation": every turn (role and text);
 * "first_turn": the first user message alone, so one opening question with different follow-ups is
 * one group (a single-turn item without a system message has the same key under both);
 * "metadata:<field>": the field's value (an item without it falls back to its conversation).
 */
export function splitGroupKey(item: Pick<ExportItem, 'messages' | 'metadata'>, splitBy: string): string {
  const field = splitMetadataField(splitBy);
  if (field !== null) {
    const value = item.metadata?.[field];
    if (value !== undefined && value !== null) return JSON.stringify(['metadata', field, value]);
    return conversationKey(item.messages);
  }
  if (splitBy === 'first_turn') {
    const first = item.messages.find((m) => m.role === 'user');
    return first ? conversationKey([first]) : conversationKey(item.messages);
  }
  return conversationKey(item.messages);
}

/**
 * The split of an item and its group's id (a hash prefix, for counting groups): the first 32 bits of
 * sha256 of the group key as a fraction of 2³², below the share → validation. Every item of a group
 * lands on the same side, in every export, whatever else was labeled meanwhile.
 */
export function splitOf(
  item: Pick<ExportItem, 'messages' | 'metadata'>,
  options: { validationShare: number; splitBy: string },
): { split: Split; group: string } {
  const { fraction: f, digest } = fraction(splitGroupKey(item, options.splitBy));
  return { split: f < options.validationShare ? 'validation' : 'train', group: digest };
}

/** The split of a conversation (the "conversation" key): what splitOf gives an item with these messages. */
export function splitFor(messages: ImportMessage[], validationShare: number): Split {
  return splitOf({ messages }, { validationShare, splitBy: 'conversation' }).split;
}
