import { z } from 'zod';

/** A model connection in play in a project's battles, with its weight for the weighted pair-selection rule. */
export const ZChatConnection = z.object({ connectionId: z.uuid(), weight: z.number().min(0).max(1000).default(1) });

/**
 * The chat task's settings (projects.settings.chat, issue 26). Limits are per labeler; the rate
 * limit counts model calls (one per side per prompt or retry) and holds across app instances
 * (counted in PostgreSQL, lib/chat/rate-limit.ts).
 */
export const ZChatSettings = z
  .object({
    /** The connections in play (the project's own or shared ones); a battle needs at least `sides` of them. */
    connections: z.array(ZChatConnection).max(50).default([]),
    /** Anonymous models per battle. */
    sides: z.number().int().min(2).max(4).default(2),
    pairSelection: z.enum(['uniform', 'weighted', 'active']).default('uniform'),
    /** own: the labeler writes the first prompt; seed: it starts from an item of the project (editable). */
    prompts: z.enum(['own', 'seed']).default('own'),
    /** separate: each side continues its own thread (Arena); shared: the preferred answer becomes every side's history (Open Assistant). */
    continuation: z.enum(['separate', 'shared']).default('separate'),
    /** Show the model names once the labeler finishes the conversation. */
    revealAfterVote: z.boolean().default(false),
    maxPromptChars: z.number().int().min(1).max(100_000).default(4000),
    maxTurns: z.number().int().min(1).max(50).default(10),
    /** Model calls a labeler may start per minute (each side of each prompt or retry is one). */
    callsPerMinute: z.number().int().min(1).max(10_000).default(30),
  })
  .refine((c) => new Set(c.connections.map((x) => x.connectionId)).size === c.connections.length, {
    message: 'A connection is listed twice',
    path: ['connections'],
  });
export type TChatSettings = z.infer<typeof ZChatSettings>;

export const CHAT_SETTINGS_DEFAULT: TChatSettings = {
  connections: [],
  sides: 2,
  pairSelection: 'uniform',
  prompts: 'own',
  continuation: 'separate',
  revealAfterVote: false,
  maxPromptChars: 4000,
  maxTurns: 10,
  callsPerMinute: 30,
};
