import { buildSideHistory, nextTurnBlocker } from '@/lib/chat/chat-rules';
import { detectPersonalData, PERSONAL_DATA_NAMES, type PersonalDataKind } from '@/lib/chat/detect-personal-data';
import { loadConversation, ruleTurns, type LoadedConversation } from '@/lib/chat/load-conversation';
import { planSamples, type PlannedSample } from '@/lib/chat/plan-samples';
import { withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';

/** The prompt looks like it holds personal data and the labeler has not confirmed sending it: nothing was stored. */
export class PersonalDataWarning extends AppError {
  constructor(readonly kinds: PersonalDataKind[]) {
    super('INVALID_INPUT', `This prompt looks like it contains ${kinds.map((k) => PERSONAL_DATA_NAMES[k]).join(' and ')}. Send it anyway?`);
  }
}

export type StartedSamples = { turn: number; samples: PlannedSample[] };

/** Refuses chat writes on a task that is no longer the labeler's (the engine's rules: ACTIVE, or lapsed but not taken back). */
export function assertChatOpen(loaded: LoadedConversation | null, o: { lapsedOk: boolean }): asserts loaded is LoadedConversation {
  if (!loaded) throw new AppError('NOT_FOUND', 'No such task');
  if (loaded.conversation.finishedAt || loaded.assignment.status === 'SUBMITTED')
    throw new AppError('CONFLICT', 'This conversation is already finished');
  const { status } = loaded.assignment;
  if (status === 'EXPIRED' && !o.lapsedOk)
    throw new AppError('CONFLICT', 'Your time on this conversation ran out: reload the page to take it up again.');
  if (status !== 'ACTIVE' && status !== 'EXPIRED') throw new AppError('CONFLICT', 'This task is no longer yours');
}

/**
 * A new turn: the prompt is checked (turn and length limits, the previous turn voted, personal data
 * unless confirmed) and stored with one STREAMING sample per side, in one transaction under the
 * assignment's lock, before any model is called, so a restart cannot lose it. Each side is sent its
 * own thread (or the shared history). An own-prompt battle's item takes the first prompt as its
 * conversation. The caller streams the samples (lib/chat/run-chat-samples.ts).
 */
export async function startChatTurn(o: {
  userId: string;
  projectId: string;
  assignmentId: string;
  prompt: string;
  confirmPersonalData: boolean;
}): Promise<StartedSamples> {
  return withTransaction(async (client) => {
    const loaded = await loadConversation(o, { client, lock: true });
    assertChatOpen(loaded, { lapsedOk: false });
    const { chat } = loaded.assignment.settings;
    const turns = ruleTurns(loaded);
    const blocker = nextTurnBlocker({
      turns,
      prompt: o.prompt,
      maxTurns: chat.maxTurns,
      maxPromptChars: chat.maxPromptChars,
      continuation: loaded.conversation.continuation,
    });
    if (blocker) throw new AppError('INVALID_INPUT', blocker, { prompt: [blocker] });
    if (!o.confirmPersonalData) {
      const kinds = [...new Set(detectPersonalData(o.prompt).map((f) => f.kind))];
      if (kinds.length > 0) throw new PersonalDataWarning(kinds);
    }
    const turn = loaded.turns.length + 1;
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO chat_turns ("conversationId", turn, prompt) VALUES ($1, $2, $3) RETURNING id`,
      [loaded.conversation.id, turn, o.prompt],
    );
    const turnId = rows[0]?.id;
    if (!turnId) throw new Error('turn insert returned no row');
    if (turn === 1 && loaded.conversation.promptSource === 'own') {
      await client.query(
        `UPDATE items SET messages = jsonb_build_array(jsonb_build_object('role', 'user', 'content', $2::text)) WHERE id = $1`,
        [loaded.assignment.itemId, o.prompt],
      );
    }
    const sides = loaded.sides.map((s) => ({
      position: s.position,
      messages: buildSideHistory({
        base: loaded.base,
        turns,
        position: s.position,
        continuation: loaded.conversation.continuation,
        prompt: o.prompt,
      }),
    }));
    return { turn, samples: await planSamples(client, { loaded, projectId: o.projectId, userId: o.userId, turnId, sides }) };
  });
}

/**
 * A new sample of one side of the latest, unvoted turn: a retry after an error or an interruption,
 * or a regenerate; the earlier sample stays with its provenance. Refused while the side streams.
 */
export async function retryChatSide(o: {
  userId: string;
  projectId: string;
  assignmentId: string;
  turn: number;
  side: number;
}): Promise<StartedSamples> {
  return withTransaction(async (client) => {
    const loaded = await loadConversation(o, { client, lock: true });
    assertChatOpen(loaded, { lapsedOk: false });
    const last = loaded.turns.at(-1);
    if (!last || last.turn !== o.turn) throw new AppError('INVALID_INPUT', 'Only the latest turn can be answered again');
    if (last.vote) throw new AppError('CONFLICT', 'This turn is already voted on');
    const side = loaded.sides[o.side];
    if (!side) throw new AppError('INVALID_INPUT', 'No such answer');
    if (last.samples[o.side]?.status === 'STREAMING') throw new AppError('CONFLICT', 'This answer is still coming: stop it first');
    const turns = ruleTurns(loaded).slice(0, -1);
    const messages = buildSideHistory({
      base: loaded.base,
      turns,
      position: o.side,
      continuation: loaded.conversation.continuation,
      prompt: last.prompt,
    });
    return {
      turn: last.turn,
      samples: await planSamples(client, {
        loaded,
        projectId: o.projectId,
        userId: o.userId,
        turnId: last.id,
        sides: [{ position: o.side, messages }],
      }),
    };
  });
}
