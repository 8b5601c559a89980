// The HH-RLHF transcript, written by the hh export and read back by the hh-rlhf importer: it lives
// here, below lib/export, so the importer need not reach up into the export.
import type { ImportMessage } from '@/lib/import/types';

/** Anthropic HH-RLHF row: two transcripts; a system message, if any, opens the first human turn. */
export function toHhRow(pair: { messages: ImportMessage[]; chosen: string; rejected: string }): { chosen: string; rejected: string } {
  const system = pair.messages.filter((m) => m.role === 'system').map((m) => m.content);
  let prefix = '';
  let pendingSystem = system.length ? `${system.join('\n\n')}\n\n` : '';
  for (const m of pair.messages) {
    if (m.role === 'system') continue;
    const content = m.role === 'user' ? `${pendingSystem}${m.content}` : m.content;
    if (m.role === 'user') pendingSystem = '';
    prefix += `\n\n${m.role === 'user' ? 'Human' : 'Assistant'}: ${content}`;
  }
  return { chosen: `${prefix}\n\nAssistant: ${pair.chosen}`, rejected: `${prefix}\n\nAssistant: ${pair.rejected}` };
}

/**
 * The hh transcript of one response of an item, byte for byte what an imported hh-rlhf row held
 * (issue 19): the conversation text as imported when the importer kept it (item metadata
 * `hh_prefix`: a preamble, a marker without its space), else the messages rendered as toHhRow
 * renders them; then "\n\nAssistant:", the separator as imported (response metadata
 * `hh_separator`: nothing before an empty or unspaced reply) or one space, and the text.
 */
export function hhTranscript(
  item: { messages: ImportMessage[]; hhPrefix?: string | null },
  response: { text: string; hhSeparator?: string | null },
): string {
  const prefix = item.hhPrefix ?? toHhRow({ messages: item.messages, chosen: '', rejected: '' }).chosen.slice(0, -'\n\nAssistant: '.length);
  return `${prefix}\n\nAssistant:${response.hhSeparator ?? ' '}${response.text}`;
}
