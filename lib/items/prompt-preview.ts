import { getPgPool } from '@/lib/db';
import { PROMPT_NAME_CHARS, truncatePrompt } from '@/lib/items/prompt-name';

export { PROMPT_NAME_CHARS, truncatePrompt };

/** SQL: the item's last user turn (the prompt being answered), or '' for none; `item` is the items alias. */
export function promptSql(item: string): string {
  return `coalesce((SELECT pm.value->>'content' FROM jsonb_array_elements(${item}.messages) WITH ORDINALITY AS pm(value, n)
                    WHERE pm.value->>'role' = 'user' ORDER BY pm.n DESC LIMIT 1), '')`;
}

/** Item id → its prompt, truncated, for the items of one project. */
export async function findPromptNames(options: { projectId: string; itemIds: string[] }): Promise<Map<string, string>> {
  if (options.itemIds.length === 0) return new Map();
  const { rows } = await getPgPool().query<{ id: string; prompt: string }>(
    `SELECT i.id, left(${promptSql('i')}, ${PROMPT_NAME_CHARS * 2}) AS prompt FROM items i WHERE i."projectId" = $1 AND i.id = ANY($2::uuid[])`,
    [options.projectId, options.itemIds],
  );
  return new Map(rows.map((r) => [r.id, truncatePrompt(r.prompt)]));
}
