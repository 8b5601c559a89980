import { z } from 'zod';
import type { ImportItem, ImportMessage, ParseResult, RowError, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

const ZId = z
  .union([z.string().trim().min(1, { message: 'Id must not be empty' }), z.number().int()], {
    message: 'Id must be a string or an integer',
  })
  .transform(String);
const messageFields = {
  message_id: ZId,
  role: z.enum(['prompter', 'assistant'], { message: 'Role must be "prompter" or "assistant"' }),
  text: z.string({ message: 'Text must be a string' }),
  rank: z.number({ message: 'Rank must be a number or null' }).int({ message: 'Rank must be a whole number' }).nullish(),
  deleted: z.boolean({ message: 'deleted must be true or false' }).nullish(),
  model_name: z.string({ message: 'model_name must be a string' }).nullish(),
};
/** A flat message row (oasst1/oasst2 "messages" files). */
export const ZOasstMessageRow = z.looseObject({ ...messageFields, parent_id: ZId.nullish() });
type TreeNode = z.infer<typeof ZOasstMessageRow> & { replies?: TreeNode[] };
const ZTreeNode: z.ZodType<TreeNode> = z.lazy(() =>
  z.looseObject({ ...messageFields, replies: z.array(ZTreeNode, { message: 'replies must be a list of messages' }).optional() }),
) as z.ZodType<TreeNode>;
/** A message tree row (the `message_tree` nested export): the prompt with its replies, recursively. */
export const ZOasstTreeRow = z.looseObject({ message_tree_id: ZId.optional(), prompt: ZTreeNode });

type Message = {
  id: string;
  parentId: string | null;
  role: 'prompter' | 'assistant';
  text: string;
  rank: number | null;
  deleted: boolean;
  modelName: string | null;
  extra: Record<string, unknown>;
  line: number;
};

const OWN = new Set(['message_id', 'parent_id', 'role', 'text', 'replies']);
const extraOf = (m: Record<string, unknown>) => Object.fromEntries(Object.entries(m).filter(([k]) => !OWN.has(k)));

/**
 * The items a set of messages gives: every prompter message with two or more ranked, undeleted
 * assistant replies. The conversation is the path from the root (prompter → user, assistant →
 * assistant); the ranked replies are the responses, best rank first; the ranks are one imported
 * label (equal ranks tie). Unranked replies are left out.
 */
function itemsOf(messages: Map<string, Message>, rules: ImportRules): ParseResult {
  const out: ParseResult = { items: [], critiques: [], errors: [] };
  const replies = new Map<string, Message[]>();
  for (const m of messages.values()) {
    if (m.parentId === null || m.role !== 'assistant' || m.rank === null || m.deleted) continue;
    replies.set(m.parentId, [...(replies.get(m.parentId) ?? []), m]);
  }
  for (const [promptId, ranked] of replies) {
    const prompt = messages.get(promptId);
    if (!prompt || prompt.role !== 'prompter' || ranked.length < 2) continue;
    const path: ImportMessage[] = [];
    let error: RowError | null = null;
    for (let m: Message | undefined = prompt; m;) {
      path.unshift({ role: m.role === 'prompter' ? 'user' : 'assistant', content: m.text });
      if (m.parentId === null) break;
      const parent = messages.get(m.parentId);
      if (!parent)
        error = {
          line: m.line,
          path: 'parent_id',
          message: `Message "${m.id}" answers "${m.parentId}", which is not in the file: its conversation cannot be rebuilt`,
        };
      if (path.length > messages.size)
        error = { line: m.line, path: 'parent_id', message: `Message "${m.id}" is part of a cycle of parent ids` };
      if (error) break;
      m = parent;
    }
    if (error) {
      out.errors.push(error);
      continue;
    }
    const sorted = [...ranked].sort((a, b) => a.rank! - b.rank! || a.id.localeCompare(b.id));
    const ranking: string[][] = [];
    sorted.forEach((r, i) => (i > 0 && r.rank === sorted[i - 1]!.rank ? ranking.at(-1)!.push(r.id) : ranking.push([r.id])));
    const item: ImportItem = {
      line: prompt.line,
      externalId: prompt.id,
      messages: path,
      responses: sorted.map((r) => ({ externalId: r.id, modelId: r.modelName, text: r.text, metadata: r.extra })),
      metadata: prompt.extra,
      goldRanking: null,
      labels: [{ worker: null, ranking }],
    };
    const errors = validateItem(item, rules, {}, { responses: false });
    if (errors.length)
      out.errors.push(
        ...errors.map((e) => ({
          ...e,
          path: e.path.startsWith('responses') ? 'replies' : e.path.startsWith('messages') ? 'text' : e.path,
        })),
      );
    else out.items.push(item);
  }
  out.items.sort((a, b) => a.line - b.line);
  return out;
}

function toMessage(m: TreeNode | z.infer<typeof ZOasstMessageRow>, parentId: string | null, line: number): Message {
  return {
    id: m.message_id,
    parentId,
    role: m.role,
    text: m.text,
    rank: m.rank ?? null,
    deleted: m.deleted === true,
    modelName: m.model_name ?? null,
    extra: extraOf(m as Record<string, unknown>),
    line,
  };
}

/**
 * Open Assistant (oasst1, oasst2) exports: flat message rows (`message_id`, `parent_id`, `role`
 * prompter/assistant, `text`, `rank`, `lang`, `review_result`, …) or message trees (`message_tree_id`,
 * `prompt` with nested `replies`). A tree row is complete in itself and gives its items at once;
 * flat rows may come in any order, so they are held until the end of the file (about the size of
 * the file in memory). Every other field stays as metadata (the item's from its prompter message,
 * each response's from its reply).
 */
export function oasstParser(rules: ImportRules): RowParser {
  const flat = new Map<string, Message>();
  return {
    push(line, row) {
      if (typeof row === 'object' && row !== null && 'prompt' in row) {
        const parsed = ZOasstTreeRow.safeParse(row);
        if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
        const tree = new Map<string, Message>();
        const walk = (node: TreeNode, parentId: string | null) => {
          tree.set(node.message_id, toMessage(node, parentId, line));
          for (const reply of node.replies ?? []) walk(reply, node.message_id);
        };
        walk(parsed.data.prompt, null);
        const { message_tree_id, prompt: _prompt, ...treeExtra } = parsed.data;
        const root = tree.get(parsed.data.prompt.message_id)!;
        root.extra = { ...root.extra, ...(message_tree_id === undefined ? {} : { message_tree_id }), ...treeExtra };
        return itemsOf(tree, rules);
      }
      const parsed = ZOasstMessageRow.safeParse(row);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      const seen = flat.get(parsed.data.message_id);
      if (seen)
        return {
          items: [],
          critiques: [],
          errors: [{ line, path: 'message_id', message: `Duplicate message id "${parsed.data.message_id}" (first on line ${seen.line})` }],
        };
      flat.set(parsed.data.message_id, toMessage(parsed.data, parsed.data.parent_id ?? null, line));
      return { items: [], critiques: [], errors: [] };
    },
    finish() {
      const out = itemsOf(flat, rules);
      flat.clear();
      return out;
    },
  };
}
