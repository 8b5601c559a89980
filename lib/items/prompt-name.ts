/** Characters of an item's prompt a list shows to name it (issue 18: lists name items by their prompt, not an id prefix). */
export const PROMPT_NAME_CHARS = 90;

/** The prompt, whitespace collapsed, cut at `chars` with an ellipsis. */
export function truncatePrompt(text: string, chars = PROMPT_NAME_CHARS): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= chars) return flat;
  return `${Array.from(flat)
    .slice(0, chars - 1)
    .join('')
    .trimEnd()}…`;
}

/** The last user turn of stored messages (the prompt being answered), read defensively; '' when there is none. */
export function lastUserTurn(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  for (let k = messages.length - 1; k >= 0; k--) {
    const m: unknown = messages[k];
    if (typeof m === 'object' && m !== null && (m as Record<string, unknown>).role === 'user') {
      const content = (m as Record<string, unknown>).content;
      return typeof content === 'string' ? content : '';
    }
  }
  return '';
}
