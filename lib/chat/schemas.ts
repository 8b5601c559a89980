import { z } from 'zod';
import { ZFlaw } from '@/lib/judgments/schemas';

const ZAssignmentId = z.uuid({ message: 'Unknown task' });
const likertMessage = { message: 'Likert scores run from 1 to 7' };

/** The labeler's optional notes on one side's answer, as on the ranking screen. */
export const ZChatSideRating = z.object({
  likert: z.number().int().min(1, likertMessage).max(7, likertMessage).nullable().default(null),
  flags: z.array(z.string().min(1).max(100)).max(50).default([]),
  flaws: z.array(ZFlaw).max(20, { message: 'At most 20 flaw notes per answer' }).default([]),
});
export type TChatSideRating = z.infer<typeof ZChatSideRating>;

/** The verdict on one turn: the best side (0 = A), a tie, or all bad. */
export const ZChatWinner = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('side'), index: z.number().int().min(0).max(3) }),
  z.object({ kind: z.literal('tie') }),
  z.object({ kind: z.literal('bothbad') }),
]);
export type TChatWinner = z.infer<typeof ZChatWinner>;

export const ZVoteChatTurn = z.object({
  assignmentId: ZAssignmentId,
  turn: z.number().int().min(1).max(50),
  winner: ZChatWinner,
  /** In side order; may be empty (no notes). */
  ratings: z.array(ZChatSideRating).max(4).default([]),
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3_600_000)
    .nullable()
    .default(null),
});
export type TVoteChatTurn = z.infer<typeof ZVoteChatTurn>;

/** A new turn (the route handler's `send`): the prompt, and whether the labeler confirmed sending what looks like personal data. */
export const ZSendChatPrompt = z.object({
  action: z.literal('send'),
  assignmentId: ZAssignmentId,
  prompt: z.string().max(100_000, { message: 'The prompt is too long' }),
  confirmPersonalData: z.boolean().default(false),
});

/** A new sample of one side of the latest turn (retry after an error, or regenerate before the vote). */
export const ZRetryChatSide = z.object({
  action: z.literal('retry'),
  assignmentId: ZAssignmentId,
  turn: z.number().int().min(1).max(50),
  side: z.number().int().min(0).max(3),
});

export const ZChatStreamRequest = z.discriminatedUnion('action', [ZSendChatPrompt, ZRetryChatSide]);
export type TChatStreamRequest = z.infer<typeof ZChatStreamRequest>;

export const ZStopChatSide = z.object({
  assignmentId: ZAssignmentId,
  turn: z.number().int().min(1).max(50),
  side: z.number().int().min(0).max(3),
});
export type TStopChatSide = z.infer<typeof ZStopChatSide>;

export const ZFlagChatConversation = z.object({ assignmentId: ZAssignmentId, doNotUse: z.boolean() });
export type TFlagChatConversation = z.infer<typeof ZFlagChatConversation>;

export const ZFinishChat = z.object({ assignmentId: ZAssignmentId });
export type TFinishChat = z.infer<typeof ZFinishChat>;

export const ZChatAssignment = z.object({ assignmentId: ZAssignmentId });

const formInt = (label: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${label} must be a number` })
    .int({ message: `${label} must be a whole number` })
    .min(min, { message: `${label} runs from ${min} to ${max}` })
    .max(max, { message: `${label} runs from ${min} to ${max}` });

/**
 * The lead's chat settings form (issue 26): the chat weight in the task mix and projects.settings.chat.
 * Connections in play are the ticked `connection` boxes, each with its `weight:<id>` field.
 */
export const ZChatSettingsForm = z.preprocess(
  (raw) => {
    if (typeof raw !== 'object' || raw === null) return raw;
    const fields = raw as Record<string, unknown>;
    const ids = ([] as unknown[]).concat(fields.connection ?? []).map(String);
    return {
      ...fields,
      revealAfterVote: fields.revealAfterVote === 'on',
      connections: ids.map((connectionId) => ({ connectionId, weight: fields[`weight:${connectionId}`] ?? 1 })),
    };
  },
  z.object({
    chatWeight: formInt('The chat weight', 0, 1000),
    sides: formInt('Models per battle', 2, 4),
    pairSelection: z.enum(['uniform', 'weighted', 'active'], { message: 'Choose a pair-selection rule' }),
    prompts: z.enum(['own', 'seed'], { message: 'Choose where prompts come from' }),
    continuation: z.enum(['separate', 'shared'], { message: 'Choose how a conversation continues' }),
    revealAfterVote: z.boolean(),
    maxPromptChars: formInt('The prompt length limit', 1, 100_000),
    maxTurns: formInt('The turn limit', 1, 50),
    callsPerMinute: formInt('The rate limit', 1, 10_000),
    connections: z
      .array(z.object({ connectionId: z.uuid({ message: 'Unknown model connection' }), weight: z.coerce.number().min(0).max(1000) }))
      .max(50),
  }),
);
export type TChatSettingsForm = z.infer<typeof ZChatSettingsForm>;
