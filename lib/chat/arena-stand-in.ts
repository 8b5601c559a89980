/**
 * STAND-IN, to delete when the arena branch is merged (issue 26): the two arena functions the chat
 * task calls, with the contract's signatures, so this branch builds alone. After the merge, import
 * `selectSides` from '@/lib/arena/select-pair' and `streamChatCompletion` from
 * '@/lib/models/stream-chat-completion' instead (lib/chat/choose-sides.ts and
 * lib/chat/chat-stream-route.ts are the only importers).
 */
import { chatCompletion, type ChatTarget } from '@/lib/models/chat-completion';
import type { ChatMessage, SamplingParams } from '@/lib/models/schemas';
import type { ArenaModel, ArenaVote, PairSelectionRule } from '@/lib/arena/types';

export type StreamEvent =
  | { type: 'delta'; text: string }
  | {
      type: 'done';
      finishReason: string | null;
      promptTokens: number | null;
      completionTokens: number | null;
      model: string | null;
      latencyMs: number;
      firstTokenMs: number | null;
    };

/** Stand-in: one non-streamed call yielded as a single delta (the arena's client streams token by token). */
export async function* streamChatCompletion(
  target: ChatTarget,
  request: { messages: ChatMessage[]; params?: SamplingParams; signal?: AbortSignal },
): AsyncGenerator<StreamEvent> {
  const answer = await chatCompletion(target, request);
  yield { type: 'delta', text: answer.text };
  yield { type: 'done', ...answer, firstTokenMs: answer.latencyMs };
}

/** Stand-in: `sides` distinct models drawn by weight (uniform when unweighted); the arena's version adds the active rule. */
export function selectSides(input: {
  models: ArenaModel[];
  votes: ArenaVote[];
  rule: PairSelectionRule;
  sides: number;
  random: () => number;
}): ArenaModel[] {
  const left = [...input.models];
  const chosen: ArenaModel[] = [];
  while (chosen.length < input.sides && left.length > 0) {
    const weights = left.map((m) => (input.rule === 'weighted' ? (m.weight ?? 1) : 1));
    let target = input.random() * weights.reduce((a, b) => a + b, 0);
    const index = Math.max(
      0,
      weights.findIndex((w) => (target -= w) < 0),
    );
    chosen.push(...left.splice(index === -1 ? 0 : index, 1));
  }
  return chosen;
}
