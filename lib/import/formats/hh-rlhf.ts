import { z } from 'zod';
import { deriveId } from '@/lib/import/derive-id';
import { toHhRow } from '@/lib/import/formats/hh-transcript';
import { occurrenceIds, pairItem } from '@/lib/import/formats/pair-item';
import type { ImportMessage, RowError, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

const transcript = (field: 'chosen' | 'rejected') =>
  z.string({
    error: (issue) =>
      issue.input === undefined ? `Missing "${field}"` : `"${field}" must be a transcript string ("\\n\\nHuman: …\\n\\nAssistant: …")`,
  });

export const ZHhRlhfRow = z.looseObject({ chosen: transcript('chosen'), rejected: transcript('rejected') });

export const HH_ASSISTANT = '\n\nAssistant:';
/** Item metadata: the exact conversation text before the final "\n\nAssistant:", when rendering the messages would not give it back. */
export const HH_PREFIX_KEY = 'hh_prefix';
/** Response metadata: what stands between the final "\n\nAssistant:" and the reply, when it is not the usual single space. */
export const HH_SEPARATOR_KEY = 'hh_separator';
// A turn marker after a blank line, or at the very start (some exports drop the leading "\n\n").
const TURN = /(?:^|\n\n)(Human|Assistant):/;
const SYSTEM = /^(?:\n\n)?System:/;

type Split = { messages: ImportMessage[]; prefix: string; chosen: string; rejected: string };

function sharedLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return i;
}

/** A turn's text after its marker: the one space after the colon is the marker's; everything else is kept verbatim. */
const turnText = (afterMarker: string) => (afterMarker.startsWith(' ') ? afterMarker.slice(1) : afterMarker);

/**
 * "\n\nHuman: a\n\nAssistant: b" as messages, each turn's text kept verbatim (only the space after
 * the colon is the marker's). Text before the first turn is a system message ("System: …" or any
 * preamble, kept as it is).
 */
function splitTurns(text: string): ImportMessage[] {
  const [before = '', ...parts] = text.split(TURN);
  const messages: ImportMessage[] = [];
  if (before !== '') messages.push({ role: 'system', content: SYSTEM.test(before) ? turnText(before.replace(SYSTEM, '')) : before });
  for (let i = 0; i < parts.length; i += 2)
    messages.push({ role: parts[i] === 'Human' ? 'user' : 'assistant', content: turnText(parts[i + 1] ?? '') });
  return messages;
}

/** The conversation text our hh export writes for `messages` (before the final "\n\nAssistant:"). */
export function renderedHhPrefix(messages: ImportMessage[]): string {
  return toHhRow({ messages, chosen: '', rejected: '' }).chosen.slice(0, -`${HH_ASSISTANT} `.length);
}

/**
 * TRL's hh-rlhf split: the conversation is the longest common prefix of the two transcripts that
 * ends at an "\n\nAssistant:" marker; each remainder is the response, whatever it holds (empty,
 * further turns, marker-like text).
 */
function splitPair(chosen: string, rejected: string): Split | Omit<RowError, 'line'> {
  const shared = sharedLength(chosen, rejected);
  const cut = shared < HH_ASSISTANT.length ? -1 : chosen.lastIndexOf(HH_ASSISTANT, shared - HH_ASSISTANT.length);
  if (cut === -1)
    return {
      path: 'chosen',
      message: 'chosen and rejected share no conversation: they must be the same transcript up to an "\\n\\nAssistant:" turn',
    };
  const prefix = chosen.slice(0, cut);
  return {
    messages: splitTurns(prefix),
    prefix,
    chosen: chosen.slice(cut + HH_ASSISTANT.length),
    rejected: rejected.slice(cut + HH_ASSISTANT.length),
  };
}

/** validateItem's paths ("responses[1].text", "messages[0].content") in this format's fields. */
const rowPath = (path: string) =>
  path.startsWith('responses[1]') ? 'rejected' : path.startsWith('responses[0]') || path.startsWith('messages') ? 'chosen' : '';

/** A reply as a response: its text without the marker's space, and the separator when it is not that space. */
const side = (remainder: string) =>
  remainder.startsWith(' ') ? { text: remainder.slice(1), metadata: {} } : { text: remainder, metadata: { [HH_SEPARATOR_KEY]: '' } };

/**
 * Anthropic HH-RLHF rows `{chosen, rejected}`, as published: two transcripts that share a
 * conversation. One item with two responses and the row's preference as a label (chosen over
 * rejected). Byte-exact: turn texts are never trimmed, and what rendering the messages would not
 * give back (a preamble, a marker without its space) is kept in metadata (hh_prefix,
 * hh_separator), so the hh export writes both transcripts back byte for byte. Ids derive from the
 * two transcripts; a row repeated in the file gets "-2", "-3", ….
 */
export function hhRlhfParser(rules: ImportRules): RowParser {
  const idOf = occurrenceIds();
  return {
    push(line, row) {
      const parsed = ZHhRlhfRow.safeParse(row);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      const { chosen, rejected, ...extra } = parsed.data;
      const split = splitPair(chosen, rejected);
      if ('path' in split) return { items: [], critiques: [], errors: [{ line, ...split }] };
      const metadata = renderedHhPrefix(split.messages) === split.prefix ? extra : { ...extra, [HH_PREFIX_KEY]: split.prefix };
      const item = pairItem({
        prefix: 'hh',
        line,
        messages: split.messages,
        chosen: side(split.chosen),
        rejected: side(split.rejected),
        metadata,
        id: idOf(deriveId('hh', chosen, rejected)),
      });
      const errors = validateItem(item, rules, {}, { responses: true, messages: true }).map((e) => ({ ...e, path: rowPath(e.path) }));
      return errors.length ? { items: [], critiques: [], errors } : { items: [item], critiques: [], errors: [] };
    },
    finish: () => ({ items: [], critiques: [], errors: [] }),
  };
}
