import type { ImportMessage } from '@/lib/import/types';

/** One preference: the conversation so far and the preferred and dispreferred replies. */
export type Pair = { messages: ImportMessage[]; chosen: string; rejected: string };

export type TrlForm = 'standard' | 'conversational' | 'implicit';

/**
 * TRL preference row. `standard` needs a single user turn (the prompt as text); `conversational`
 * gives the prompt as messages and each completion as one assistant message; `implicit` gives
 * two whole conversations.
 */
export function toTrlRow(pair: Pair, form: TrlForm): Record<string, unknown> {
  const reply = (content: string) => ({ role: 'assistant', content });
  if (form === 'standard') {
    const [only] = pair.messages;
    if (pair.messages.length !== 1 || only?.role !== 'user')
      throw new Error('The standard TRL form holds a single user prompt; use the conversational form');
    return { prompt: only.content, chosen: pair.chosen, rejected: pair.rejected };
  }
  if (form === 'conversational') return { prompt: pair.messages, chosen: [reply(pair.chosen)], rejected: [reply(pair.rejected)] };
  return { chosen: [...pair.messages, reply(pair.chosen)], rejected: [...pair.messages, reply(pair.rejected)] };
}

/** Every ordered pair a ranking states: each response over every response in a lower tie group. */
export function rankingPairs(ranking: string[][]): [string, string][] {
  const pairs: [string, string][] = [];
  ranking.forEach((better, i) => {
    for (const worse of ranking.slice(i + 1).flat()) for (const b of better) pairs.push([b, worse]);
  });
  return pairs;
}
