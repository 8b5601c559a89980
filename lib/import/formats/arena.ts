import { z } from 'zod';
import { deriveId } from '@/lib/import/derive-id';
import { occurrenceIds } from '@/lib/import/formats/pair-item';
import type { ImportItem, ImportLabel, ImportMessage, RowError, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

const ZMessage = z.looseObject({
  role: z.enum(['system', 'user', 'assistant'], { message: 'Role must be "system", "user" or "assistant"' }),
  content: z.string({ message: 'Message content must be a string' }),
});
const conversation = (name: string) =>
  z.array(ZMessage, {
    error: (issue) => (issue.input === undefined ? `Missing "${name}"` : `"${name}" must be a list of {role, content} messages`),
  });
export const ARENA_WINNERS = ['model_a', 'model_b', 'tie', 'tie (bothbad)'] as const;

export const ZArenaRow = z.looseObject({
  question_id: z
    .union([z.string().trim().min(1), z.number().int()], { message: 'question_id must be a string or an integer' })
    .transform(String)
    .optional(),
  model_a: z.string({ message: 'model_a must be a string' }),
  model_b: z.string({ message: 'model_b must be a string' }),
  winner: z.enum(ARENA_WINNERS, { message: 'winner must be "model_a", "model_b", "tie" or "tie (bothbad)"' }),
  judge: z.string({ message: 'judge must be a string' }).nullish(),
  conversation_a: conversation('conversation_a'),
  conversation_b: conversation('conversation_b'),
});

const same = (a: ImportMessage, b: ImportMessage) => a.role === b.role && a.content === b.content;

/** The shared conversation (up to the last user turn both share) and what follows it on each side. */
function splitBattle(
  a: ImportMessage[],
  b: ImportMessage[],
): { messages: ImportMessage[]; tails: [ImportMessage[], ImportMessage[]] } | Omit<RowError, 'line'> {
  let shared = 0;
  while (shared < Math.min(a.length, b.length) && same(a[shared]!, b[shared]!)) shared += 1;
  while (shared > 0 && a[shared - 1]!.role !== 'user') shared -= 1;
  if (shared === 0)
    return { path: 'conversation_a', message: 'conversation_a and conversation_b share no user turn: a battle answers the same prompt' };
  const tails: [ImportMessage[], ImportMessage[]] = [a.slice(shared), b.slice(shared)];
  for (const [i, tail] of tails.entries()) {
    if (tail[0]?.role !== 'assistant')
      return {
        path: `conversation_${i === 0 ? 'a' : 'b'}[${shared}]`,
        message: "After the shared prompt each conversation must go on with the model's reply",
      };
  }
  return { messages: a.slice(0, shared), tails };
}

/**
 * Chatbot Arena battles (`lmsys/chatbot_arena_conversations`): one item per battle, the two
 * models' replies as responses (model ids from model_a/model_b, hidden from labelers), and the
 * verdict as an imported label by the judge (a pseudonymous labeler per judge; the judge id is not stored): model_a or model_b first, a tie as one tie group,
 * "tie (bothbad)" as an "all unacceptable" judgment. The conversation is what both sides share up
 * to the last common user turn; in a multi-turn battle each response is the first reply and the
 * turns after it are kept in the response's metadata (`continuation`).
 */
export function arenaParser(rules: ImportRules): RowParser {
  const idOf = occurrenceIds();
  return {
    push(line, row) {
      const parsed = ZArenaRow.safeParse(row);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      // The judge becomes the label's pseudonymous labeler (by a hash); like every source worker id, it is not stored.
      const { question_id, model_a, model_b, winner, judge, conversation_a, conversation_b, ...extra } = parsed.data;
      const plain = (list: ImportMessage[]) => list.map(({ role, content }) => ({ role, content }));
      const split = splitBattle(plain(conversation_a), plain(conversation_b));
      if ('path' in split) return { items: [], critiques: [], errors: [{ line, ...split }] };
      const itemId = idOf(question_id ?? deriveId('arena', conversation_a, conversation_b, model_a, model_b));
      const [a, b] = split.tails.map((tail, i) => ({
        externalId: `${itemId}-${i === 0 ? 'a' : 'b'}`,
        modelId: i === 0 ? model_a : model_b,
        text: tail[0]!.content,
        metadata: tail.length > 1 ? { continuation: tail.slice(1) } : {},
      })) as [ImportItem['responses'][number], ImportItem['responses'][number]];
      const verdict: Record<(typeof ARENA_WINNERS)[number], ImportLabel> = {
        model_a: { worker: judge ?? null, ranking: [[a.externalId], [b.externalId]] },
        model_b: { worker: judge ?? null, ranking: [[b.externalId], [a.externalId]] },
        tie: { worker: judge ?? null, ranking: [[a.externalId, b.externalId]] },
        'tie (bothbad)': { worker: judge ?? null, ranking: [], allUnacceptable: true },
      };
      const item: ImportItem = {
        line,
        externalId: itemId,
        messages: split.messages,
        responses: [a, b],
        metadata: { ...extra, winner },
        goldRanking: null,
        labels: [verdict[winner]],
      };
      const errors = validateItem(item, rules, {}, { responses: true }).map((e) => ({
        ...e,
        path: e.path.startsWith('responses[1]')
          ? 'conversation_b'
          : e.path.startsWith('responses[0]') || e.path.startsWith('messages')
            ? 'conversation_a'
            : '',
      }));
      return errors.length ? { items: [], critiques: [], errors } : { items: [item], critiques: [], errors: [] };
    },
    finish: () => ({ items: [], critiques: [], errors: [] }),
  };
}
