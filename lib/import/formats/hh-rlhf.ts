import { z } from 'zod';
import { pairItem } from '@/lib/import/formats/pair-item';
import type { ImportMessage, RowError, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

const transcript = (field: 'chosen' | 'rejected') =>
  z.string({ error: (issue) => (issue.input === undefined ? `Missing "${field}"` : `"${field}" must be a transcript string ("\\n\\nHuman: …\\n\\nAssistant: …")`) });

export const ZHhRlhfRow = z.looseObject({ chosen: transcript('chosen'), rejected: transcript('rejected') });

const ASSISTANT = '\n\nAssistant:';
// A turn marker after a blank line, or at the very start (some exports drop the leading "\n\n").
const TURN = /(?:^|\n\n)(Human|Assistant):/;
const MORE_TURNS = /\n\n(Human|Assistant):/;

type Split = { messages: ImportMessage[]; chosen: string; rejected: string };

function sharedLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return i;
}

/** "\n\nHuman: a\n\nAssistant: b\n\nHuman: c" as messages, markers stripped and text trimmed; null if text precedes the first turn. */
function splitTurns(text: string): ImportMessage[] | null {
  const [before = '', ...parts] = text.split(TURN);
  if (before.trim() !== '') return null;
  const messages: ImportMessage[] = [];
  for (let i = 0; i < parts.length; i += 2) messages.push({ role: parts[i] === 'Human' ? 'user' : 'assistant', content: (parts[i + 1] ?? '').trim() });
  return messages;
}

/** The shared conversation (up to the last "\n\nAssistant:" both transcripts share) and the two final assistant turns. */
function splitPair(chosen: string, rejected: string): Split | Omit<RowError, 'line'> {
  const shared = sharedLength(chosen, rejected);
  const cut = shared < ASSISTANT.length ? -1 : chosen.lastIndexOf(ASSISTANT, shared - ASSISTANT.length);
  if (cut === -1) return { path: 'chosen', message: 'chosen and rejected share no conversation: they must be the same transcript up to a final "Assistant:" turn' };
  const tails = { chosen: chosen.slice(cut + ASSISTANT.length), rejected: rejected.slice(cut + ASSISTANT.length) };
  for (const side of ['chosen', 'rejected'] as const) {
    if (MORE_TURNS.test(tails[side])) return { path: side, message: 'chosen and rejected differ before their final "Assistant:" turn; only the last assistant reply may differ' };
  }
  const messages = splitTurns(chosen.slice(0, cut));
  if (!messages) return { path: 'chosen', message: 'The transcript must start with a "Human:" turn' };
  return { messages, chosen: tails.chosen.trim(), rejected: tails.rejected.trim() };
}

/** validateItem's paths ("responses[1].text", "messages[0].content") in this format's fields. */
const rowPath = (path: string) => (path.startsWith('responses[1]') ? 'rejected' : path.startsWith('responses[0]') || path.startsWith('messages') ? 'chosen' : '');

/**
 * Anthropic HH-RLHF rows `{chosen, rejected}`: two transcripts that share a conversation and
 * differ in the final assistant turn. One item with two responses and the row's preference
 * as a label (chosen over rejected); ids derive from the content, so the same row gets the same ids.
 */
export function hhRlhfParser(rules: ImportRules): RowParser {
  return {
    push(line, row) {
      const parsed = ZHhRlhfRow.safeParse(row);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      const { chosen, rejected, ...extra } = parsed.data;
      const split = splitPair(chosen, rejected);
      if ('path' in split) return { items: [], critiques: [], errors: [{ line, ...split }] };
      if (split.chosen === split.rejected) return { items: [], critiques: [], errors: [{ line, path: 'rejected', message: 'chosen and rejected are identical' }] };
      const item = pairItem({ prefix: 'hh', line, messages: split.messages, chosen: split.chosen, rejected: split.rejected, metadata: extra });
      const errors = validateItem(item, rules).map((e) => ({ ...e, path: rowPath(e.path) }));
      return errors.length ? { items: [], critiques: [], errors } : { items: [item], critiques: [], errors: [] };
    },
    finish: () => ({ items: [], critiques: [], errors: [] }),
  };
}
