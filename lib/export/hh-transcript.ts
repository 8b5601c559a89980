import { toHhRow } from '@/lib/export/pair-rows';
import type { ImportMessage } from '@/lib/import/types';

/**
 * The hh transcript of one response of an item, byte for byte what an imported hh-rlhf row held
 * (issue 19): the conversation text as imported when the importer kept it (item metadata
 * `hh_prefix`: a preamble, a marker without its space), else the messages rendered as toHhRow
 * renders them; then "\n\nAssistant:", the separator as imported (response metadata
 * `hh_separator`: nothing before an empty or unspaced reply) or one space, and the text.
 */
export function hhTranscript(item: { messages: ImportMessage[]; hhPrefix?: string | null }, response: { text: string; hhSeparator?: string | null }): string {
  const prefix = item.hhPrefix ?? toHhRow({ messages: item.messages, chosen: '', rejected: '' }).chosen.slice(0, -'\n\nAssistant: '.length);
  return `${prefix}\n\nAssistant:${response.hhSeparator ?? ' '}${response.text}`;
}
