/**
 * Issue 26: the chat task against the local Chat Completions server and a real PostgreSQL: a turn
 * stored with its provenance, streamed through the route handler's body (serveChatStream); a cut
 * stream marked incomplete and retried as a new sample; Stop; a restart mid-stream (a sample whose
 * writer died) found interrupted and retried; the rate limit across two "instances" (two pools);
 * late votes by the engine's rules; no model identity in any payload before the vote; the votes as
 * the arena analysis reads them.
 */
process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModelConnection, buildProject, buildUser, insertItems, uniqueName } from '@/lib/builders';
import { streamChatCompletion } from '@/lib/models/stream-chat-completion';
import { findArenaVotes, findArenaVotesByItem } from '@/lib/chat/find-arena-votes';
import { flagChatConversation } from '@/lib/chat/flag-chat-conversation';
import { getChatTask } from '@/lib/chat/get-chat-task';
import { takeChatCalls } from '@/lib/chat/rate-limit';
import type { ModelStream, ModelStreamEvent } from '@/lib/chat/run-chat-samples';
import { serveChatStream } from '@/lib/chat/serve-chat-stream';
import { stopChatSide } from '@/lib/chat/stop-chat-side';
import { voteChatTurn } from '@/lib/chat/vote-chat-turn';
import { getPgPool } from '@/lib/db';
import { ModelCallError } from '@/lib/models/chat-completion';
import { ZVoteChatTurn } from '@/lib/chat/schemas';
import { claimMixedTask } from '@/lib/tasks/claim-next';
import { ZChatSettingsForm } from '@/lib/chat/schemas';
import { updateChatSettings } from '@/lib/chat/update-chat-settings';
import { ZProjectTaskSettings } from '@/lib/projects/schemas';
import { readProjectSettings } from '@/lib/projects/settings';
import { updateTaskSettings } from '@/lib/projects/update-task-settings';
import { finishChat } from '@/lib/tasks/kinds/chat';
import { skipTask } from '@/lib/tasks/skip';
import { expectedAnswer, startChatServer, type ChatServer } from '../helpers/chat-server';
import { testDatabaseUrl } from '../helpers/database-per-file';

let server: ChatServer;
beforeAll(async () => {
  server = await startChatServer({ seed: 5, latencyMs: 1 });
});
afterAll(() => server.close());

const q = <T extends object>(text: string, values: unknown[] = []) =>
  getPgPool()
    .query<T & Record<string, unknown>>(text, values)
    .then((r) => r.rows);

/** Every string that names a model: the connections' names and ids and the model names the server reports. */
let secrets: string[] = [];

async function setup(chat: Record<string, unknown> = {}, options: { seedItems?: number } = {}) {
  const labeler = await buildUser({ role: 'LABELER' });
  const alpha = await buildModelConnection({
    projectId: null,
    baseUrl: server.url,
    model: 'alpha-13b-secret',
    name: uniqueName('Alpha Secret Model'),
  });
  const beta = await buildModelConnection({
    projectId: null,
    baseUrl: server.url,
    model: 'beta-7b-hidden',
    name: uniqueName('Beta Hidden Model'),
    params: { temperature: 0.5 },
  });
  const project = await buildProject({
    members: [labeler.email],
    settings: { taskMix: { rank: 0, chat: 1 }, chat: { connections: [{ connectionId: alpha.id }, { connectionId: beta.id }], ...chat } },
  });
  if (options.seedItems)
    await insertItems({ projectId: project.id, count: options.seedItems, prompt: (n) => `Seed question ${n}?`, responses: [] });
  secrets = [alpha.id, beta.id, alpha.name, beta.name, alpha.model, beta.model];
  const claimed = await claimMixedTask({ projectId: project.id, userId: labeler.id });
  if (!claimed) throw new Error('no chat task claimed');
  const key = { assignmentId: claimed.assignmentId, userId: labeler.id, projectId: project.id };
  return { labeler, project, alpha, beta, claimed, key };
}

/** Posts to the route handler's body and reads the whole answer as text, with its parsed lines. */
async function post(
  key: { assignmentId: string; userId: string; projectId: string },
  body: Record<string, unknown>,
  stream: ModelStream = streamChatCompletion,
) {
  const request = new Request('http://app.test/label/x/chat-stream', {
    method: 'POST',
    body: JSON.stringify({ ...body, assignmentId: key.assignmentId }),
  });
  const response = await serveChatStream({ request, projectId: key.projectId, userId: key.userId, stream });
  const text = await response.text();
  const lines = response.headers.get('content-type')?.includes('ndjson')
    ? text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];
  return { status: response.status, text, lines };
}

const expectAnonymous = (payload: string) => {
  for (const secret of secrets) expect(payload).not.toContain(secret);
};

const samplesOf = (assignmentId: string) =>
  q<{
    position: number;
    attempt: number;
    status: string;
    text: string;
    errorKind: string | null;
    modelReported: string | null;
    params: unknown;
    finishReason: string | null;
    promptTokens: number | null;
    completionTokens: number | null;
    latencyMs: number | null;
    firstTokenMs: number | null;
    turn: number;
  }>(
    `SELECT d.position, s.attempt, s.status::text AS status, s.text, s."errorKind", s."modelReported", s.params, s."finishReason", s."promptTokens",
            s."completionTokens", s."latencyMs", s."firstTokenMs", t.turn
     FROM chat_samples s JOIN chat_sides d ON d.id = s."sideId" JOIN chat_turns t ON t.id = s."turnId" JOIN chat_conversations c ON c.id = t."conversationId"
     WHERE c."assignmentId" = $1 ORDER BY t.turn, d.position, s.attempt`,
    [assignmentId],
  );

/** A scripted stream: the given deltas, then a done event or a thrown error. */
function scripted(script: (messages: { content: string }[]) => { deltas: string[]; fail?: Error; hang?: boolean }): ModelStream {
  return async function* (_target, request): AsyncGenerator<ModelStreamEvent> {
    const plan = script(request.messages);
    for (const text of plan.deltas) {
      await new Promise((r) => setTimeout(r, 5));
      yield { type: 'delta', text };
    }
    if (plan.hang) {
      await new Promise<void>((_, reject) => request.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    }
    if (plan.fail) throw plan.fail;
    yield {
      type: 'done',
      finishReason: 'stop',
      promptTokens: 3,
      completionTokens: plan.deltas.length,
      model: 'scripted-model-x',
      latencyMs: 10,
      firstTokenMs: 5,
    };
  };
}

describe('chat task', () => {
  it('stores a turn with its provenance, streams it through the route body, and names no model before the vote', async () => {
    const s = await setup();
    expect(s.claimed.kind).toBe('CHAT');
    const before = await getChatTask(s.key);
    expect(before?.labels).toEqual(['A', 'B']);
    expectAnonymous(JSON.stringify(before));

    const sent = await post(s.key, { action: 'send', prompt: 'What is a monad?' });
    expect(sent.status).toBe(200);
    expectAnonymous(sent.text);
    expect(sent.lines[0]).toMatchObject({ type: 'start', turn: 1 });
    const ends = sent.lines.filter((l) => l.type === 'end');
    expect(ends.map((e) => e.status)).toEqual(['DONE', 'DONE']);

    const sides = await q<{ position: number; model: string; params: unknown }>(
      `SELECT d.position, m.model, m.params FROM chat_sides d JOIN model_connections m ON m.id = d."connectionId" JOIN chat_conversations c ON c.id = d."conversationId"
       WHERE c."assignmentId" = $1 ORDER BY d.position`,
      [s.key.assignmentId],
    );
    const samples = await samplesOf(s.key.assignmentId);
    expect(samples).toHaveLength(2);
    for (const sample of samples) {
      const side = sides[sample.position]!;
      expect(sample.status).toBe('DONE');
      expect(sample.modelReported).toBe(side.model);
      expect(sample.params).toEqual(side.params);
      expect(sample.finishReason).toBe('stop');
      expect(sample.promptTokens).toBeGreaterThan(0);
      expect(sample.latencyMs).not.toBeNull();
      const temperature = (side.params as { temperature?: number }).temperature;
      expect(sample.text).toBe(
        expectedAnswer({ seed: 5, model: side.model, messages: [{ role: 'user', content: 'What is a monad?' }], temperature }),
      );
      expect(ends.find((e) => e.side === sample.position)?.text).toBe(sample.text);
    }
    // The own prompt became the item's conversation; the item stays away from the other kinds.
    const [item] = await q<{ messages: unknown; awaitingResponses: boolean }>(
      `SELECT messages, "awaitingResponses" FROM items WHERE id = $1`,
      [s.claimed.itemId],
    );
    expect(item).toEqual({ messages: [{ role: 'user', content: 'What is a monad?' }], awaitingResponses: true });

    const after = await getChatTask(s.key);
    expectAnonymous(JSON.stringify(after));
    expect(after?.turns[0]?.answers.map((a) => a.status)).toEqual(['DONE', 'DONE']);

    // Vote B, continue (each side its own thread), vote tie, finish: names revealed only when the project says so (it does not).
    expect(
      await voteChatTurn({
        ...s.key,
        input: ZVoteChatTurn.parse({ assignmentId: s.key.assignmentId, turn: 1, winner: { kind: 'side', index: 1 } }),
      }),
    ).toEqual({ duplicate: false });
    const second = await post(s.key, { action: 'send', prompt: 'And in Haskell?' });
    expect(second.status).toBe(200);
    const turn2 = (await samplesOf(s.key.assignmentId)).filter((x) => x.turn === 2);
    const first = samples;
    for (const sample of turn2) {
      const side = sides[sample.position]!;
      const messages = [
        { role: 'user' as const, content: 'What is a monad?' },
        { role: 'assistant' as const, content: first[sample.position]!.text },
        { role: 'user' as const, content: 'And in Haskell?' },
      ];
      expect(sample.text).toBe(
        expectedAnswer({ seed: 5, model: side.model, messages, temperature: (side.params as { temperature?: number }).temperature }),
      );
    }
    await voteChatTurn({ ...s.key, input: ZVoteChatTurn.parse({ assignmentId: s.key.assignmentId, turn: 2, winner: { kind: 'tie' } }) });
    const finished = await finishChat({ ...s.key, input: { assignmentId: s.key.assignmentId } });
    expect(finished).toEqual({ duplicate: false, revealed: null });
    expect(await finishChat({ ...s.key, input: { assignmentId: s.key.assignmentId } })).toEqual({ duplicate: true, revealed: null });

    const votes = await findArenaVotes({ projectId: s.project.id });
    expect(votes.map((v) => [v.turn, v.winner])).toEqual([
      [1, { kind: 'side', index: 1 }],
      [2, { kind: 'tie' }],
    ]);
    expect(votes[1]!.sides[0]!.conversation.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(new Set(votes[0]!.sides.map((x) => x.model))).toEqual(new Set([s.alpha.name, s.beta.name]));
    expect(votes[0]!.judge).toMatch(/^labeler-[0-9a-f]{12}$/);
    const byItem = await findArenaVotesByItem({ projectId: s.project.id, itemIds: [s.claimed.itemId] });
    expect([...byItem.keys()]).toEqual([s.claimed.itemId]);
    expect(byItem.get(s.claimed.itemId)).toEqual(votes);
    expect((await findArenaVotesByItem({ projectId: s.project.id, itemIds: [s.alpha.id] })).size).toBe(0);
  });

  it('reveals the names after the vote when the project says so, and refuses finishing before a vote', async () => {
    const s = await setup({ revealAfterVote: true });
    await expect(finishChat({ ...s.key, input: { assignmentId: s.key.assignmentId } })).rejects.toThrow(/Send a prompt and vote/);
    await post(s.key, { action: 'send', prompt: 'hello' });
    await expect(finishChat({ ...s.key, input: { assignmentId: s.key.assignmentId } })).rejects.toThrow(/Vote on the last turn/);
    await voteChatTurn({
      ...s.key,
      input: ZVoteChatTurn.parse({ assignmentId: s.key.assignmentId, turn: 1, winner: { kind: 'bothbad' } }),
    });
    const { revealed } = await finishChat({ ...s.key, input: { assignmentId: s.key.assignmentId } });
    expect(new Set(revealed)).toEqual(new Set([s.alpha.name, s.beta.name]));
  });

  it('a stream cut mid-way keeps its partial text marked incomplete, blocks the vote, and a retry is a new sample', async () => {
    const s = await setup();
    const cut = scripted((messages) =>
      messages.at(-1)?.content.includes('cut')
        ? { deltas: ['Half ', 'an '], fail: new ModelCallError('network', 'socket hang up') }
        : { deltas: ['Whole ', 'answer'] },
    );
    // Side A is cut, side B is whole: the cut is decided per request, so cut every request and let B retry clean below.
    const sent = await post(s.key, { action: 'send', prompt: 'please cut' }, cut);
    expectAnonymous(sent.text);
    const ends = sent.lines.filter((l) => l.type === 'end');
    expect(ends.map((e) => e.status)).toEqual(['ERROR', 'ERROR']);
    expect(ends[0]!.error).toMatch(/cut off mid-way/);
    let samples = await samplesOf(s.key.assignmentId);
    expect(samples.map((x) => [x.status, x.text, x.errorKind])).toEqual([
      ['ERROR', 'Half an ', 'cut'],
      ['ERROR', 'Half an ', 'cut'],
    ]);
    const view = await getChatTask(s.key);
    expect(view?.turns[0]?.answers[0]?.error).toMatch(/kept, marked incomplete/);
    await expect(
      voteChatTurn({ ...s.key, input: ZVoteChatTurn.parse({ assignmentId: s.key.assignmentId, turn: 1, winner: { kind: 'tie' } }) }),
    ).rejects.toThrow(/Answers A, B have not finished/);

    const clean = scripted(() => ({ deltas: ['Whole ', 'answer'] }));
    for (const side of [0, 1]) {
      const retried = await post(s.key, { action: 'retry', turn: 1, side }, clean);
      expect(retried.lines[0]).toMatchObject({ type: 'start', turn: 1, sides: [{ side, attempt: 2 }] });
    }
    samples = await samplesOf(s.key.assignmentId);
    expect(samples.map((x) => [x.position, x.attempt, x.status, x.text])).toEqual([
      [0, 1, 'ERROR', 'Half an '],
      [0, 2, 'DONE', 'Whole answer'],
      [1, 1, 'ERROR', 'Half an '],
      [1, 2, 'DONE', 'Whole answer'],
    ]);
    expect(samples[1]!.modelReported).toBe('scripted-model-x');
    await voteChatTurn({
      ...s.key,
      input: ZVoteChatTurn.parse({ assignmentId: s.key.assignmentId, turn: 1, winner: { kind: 'side', index: 0 } }),
    });
    const [vote] = await q<{ texts: string[] }>(
      `SELECT ARRAY(SELECT s.text FROM chat_samples s WHERE s.id::text = ANY(v."sampleIds") ORDER BY s.attempt) AS texts FROM chat_votes v JOIN chat_conversations c ON c.id = v."conversationId" WHERE c."assignmentId" = $1`,
      [s.key.assignmentId],
    );
    expect(vote?.texts).toEqual(['Whole answer', 'Whole answer']);
  });

  it('Stop ends each side with what arrived, and stopped sides can be voted on', async () => {
    const s = await setup();
    const slow = scripted((messages) => ({ deltas: ['Part ', 'one '], hang: messages.length > 0 }));
    const pending = post(s.key, { action: 'send', prompt: 'go slowly' }, slow);
    // Wait until both samples hold their first text, then stop A.
    for (let i = 0; i < 200; i++) {
      const rows = await samplesOf(s.key.assignmentId);
      if (rows.length === 2 && rows.every((r) => r.text === 'Part one ')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await stopChatSide({ ...s.key, input: { assignmentId: s.key.assignmentId, turn: 1, side: 0 } })).toEqual({ status: 'STOPPED' });
    expect(await stopChatSide({ ...s.key, input: { assignmentId: s.key.assignmentId, turn: 1, side: 1 } })).toEqual({ status: 'STOPPED' });
    const sent = await pending;
    expect(sent.lines.filter((l) => l.type === 'end').map((e) => [e.status, e.text])).toEqual([
      ['STOPPED', 'Part one '],
      ['STOPPED', 'Part one '],
    ]);
    // Stopped sides can be voted on.
    await voteChatTurn({ ...s.key, input: ZVoteChatTurn.parse({ assignmentId: s.key.assignmentId, turn: 1, winner: { kind: 'tie' } }) });
  });

  it('after a restart mid-stream, the prompt and the finished side are there and the cut-off side is interrupted and can be retried', async () => {
    const s = await setup();
    // Side A finishes; side B's writer "dies" (the app restarts): its sample stays STREAMING with the text written so far.
    const dying = scripted((messages) => ({ deltas: ['Finished answer'], hang: messages.at(-1)?.content === 'restart' }));
    const sent = post(s.key, { action: 'send', prompt: 'restart' }, async function* (target, request) {
      // Sides are told apart by their position in the parameters: beta has a temperature.
      if (request.params?.temperature === undefined) yield* scripted(() => ({ deltas: ['Finished answer'] }))(target, request);
      else yield* dying(target, request);
    });
    let rows = await samplesOf(s.key.assignmentId);
    for (
      let i = 0;
      i < 200 &&
      !(rows.length === 2 && rows.some((r) => r.status === 'DONE') && rows.some((r) => r.text !== '' && r.status === 'STREAMING'));
      i++
    ) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await samplesOf(s.key.assignmentId);
    }
    // The heartbeat of a dead process stops: as if 30 s had passed without one (again, should the live writer here beat in between).
    let view = await getChatTask(s.key);
    for (let i = 0; i < 20 && !view?.turns[0]?.answers.some((a) => a.status === 'INTERRUPTED'); i++) {
      await q(`UPDATE chat_samples SET "heartbeatAt" = now() - interval '30 seconds' WHERE status = 'STREAMING' AND "userId" = $1`, [
        s.labeler.id,
      ]);
      view = await getChatTask(s.key);
    }
    expect(view?.turns[0]?.prompt).toBe('restart');
    const states = view?.turns[0]?.answers.map((a) => [a.status, a.text]);
    expect(states).toContainEqual(['DONE', 'Finished answer']);
    expect(states).toContainEqual(['INTERRUPTED', 'Finished answer']);
    const interrupted = view!.turns[0]!.answers.findIndex((a) => a.status === 'INTERRUPTED');
    expect(view!.turns[0]!.answers[interrupted]!.error).toMatch(/interrupted/);
    // The dead writer noticed it lost the sample (its next write found it no longer STREAMING) and aborted.
    await sent;
    const retried = await post(
      s.key,
      { action: 'retry', turn: 1, side: interrupted },
      scripted(() => ({ deltas: ['Again'] })),
    );
    expect(retried.lines.at(-1)).toMatchObject({ type: 'end', side: interrupted, status: 'DONE', text: 'Again' });
  });

  it('refuses personal data until confirmed, over-long prompts, unvoted continuations and the turn limit', async () => {
    const s = await setup({ maxTurns: 1, maxPromptChars: 40 });
    const warned = await post(s.key, { action: 'send', prompt: 'mail me at ana@example.org' });
    expect(warned.status).toBe(422);
    expect(JSON.parse(warned.text)).toMatchObject({ personalData: ['email'] });
    expect(
      await q(`SELECT 1 FROM chat_turns t JOIN chat_conversations c ON c.id = t."conversationId" WHERE c."assignmentId" = $1`, [
        s.key.assignmentId,
      ]),
    ).toHaveLength(0);
    const long = await post(s.key, { action: 'send', prompt: 'x'.repeat(41) });
    expect(long.status).toBe(400);
    expect(JSON.parse(long.text).error).toMatch(/at most 40 characters \(this one has 41\)/);
    const confirmed = await post(s.key, { action: 'send', prompt: 'mail me at ana@example.org', confirmPersonalData: true });
    expect(confirmed.status).toBe(200);
    const early = await post(s.key, { action: 'send', prompt: 'next' });
    expect(JSON.parse(early.text).error).toMatch(/Vote on this turn/);
    await voteChatTurn({ ...s.key, input: ZVoteChatTurn.parse({ assignmentId: s.key.assignmentId, turn: 1, winner: { kind: 'tie' } }) });
    const over = await post(s.key, { action: 'send', prompt: 'next' });
    expect(JSON.parse(over.text).error).toMatch(/limit of 1 turns/);
  });

  it("refuses another labeler's task", async () => {
    const s = await setup();
    const other = await buildUser({ role: 'LABELER' });
    const sent = await post({ ...s.key, userId: other.id }, { action: 'send', prompt: 'hi' });
    expect(sent.status).toBe(404);
    await expect(
      voteChatTurn({
        ...s.key,
        userId: other.id,
        input: ZVoteChatTurn.parse({ assignmentId: s.key.assignmentId, turn: 1, winner: { kind: 'tie' } }),
      }),
    ).rejects.toThrow(/No such task/);
  });

  it('a late vote follows the engine: a lapsed task takes it, a skipped one refuses it; flagged battles leave the arena votes', async () => {
    const s = await setup();
    await post(s.key, { action: 'send', prompt: 'late' });
    await q(`UPDATE assignments SET status = 'EXPIRED', "leaseExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [
      s.key.assignmentId,
    ]);
    const refusedSend = await post(s.key, { action: 'send', prompt: 'more' });
    expect(JSON.parse(refusedSend.text).error).toMatch(/ran out/);
    await voteChatTurn({
      ...s.key,
      input: ZVoteChatTurn.parse({ assignmentId: s.key.assignmentId, turn: 1, winner: { kind: 'side', index: 0 } }),
    });
    expect(await findArenaVotes({ projectId: s.project.id })).toHaveLength(1);
    await flagChatConversation({ ...s.key, input: { assignmentId: s.key.assignmentId, doNotUse: true } });
    expect(await findArenaVotes({ projectId: s.project.id })).toHaveLength(0);

    const t = await setup();
    await post(t.key, { action: 'send', prompt: 'skipped' });
    await skipTask({
      userId: t.key.userId,
      projectId: t.key.projectId,
      input: { assignmentId: t.key.assignmentId, reason: 'broken', note: '' },
    });
    await expect(
      voteChatTurn({ ...t.key, input: ZVoteChatTurn.parse({ assignmentId: t.key.assignmentId, turn: 1, winner: { kind: 'tie' } }) }),
    ).rejects.toThrow(/no longer yours/);
  });

  it('starts from a seed item in seed mode, its prompt offered first', async () => {
    const s = await setup({ prompts: 'seed' }, { seedItems: 1 });
    const view = await getChatTask(s.key);
    expect(view?.seedPrompt).toBe('Seed question 1?');
    const [conversation] = await q<{ promptSource: string }>(`SELECT "promptSource" FROM chat_conversations WHERE "assignmentId" = $1`, [
      s.key.assignmentId,
    ]);
    expect(conversation?.promptSource).toBe('seed');
  });

  it('the rate limit holds across two app instances (two pools on one database)', async () => {
    const s = await setup({ callsPerMinute: 6 });
    await post(s.key, { action: 'send', prompt: 'one' });
    const [turn] = await q<{ id: string; sideId: string }>(
      `SELECT t.id, d.id AS "sideId" FROM chat_turns t JOIN chat_conversations c ON c.id = t."conversationId" JOIN chat_sides d ON d."conversationId" = c.id
       WHERE c."assignmentId" = $1 AND d.position = 0`,
      [s.key.assignmentId],
    );
    const instances = [
      new pg.Pool({ connectionString: testDatabaseUrl, max: 4 }),
      new pg.Pool({ connectionString: testDatabaseUrl, max: 4 }),
    ];
    try {
      // 2 calls already made; 8 more tries of one call each, four from each instance, at once: 4 may pass.
      const tries = Array.from({ length: 8 }, async (_, i) => {
        const client = await instances[i % 2]!.connect();
        try {
          await client.query('BEGIN');
          await takeChatCalls(client, { projectId: s.project.id, userId: s.labeler.id, calls: 1, perMinute: 6 });
          await client.query(`INSERT INTO chat_samples ("turnId", "sideId", attempt, "userId", status) VALUES ($1, $2, $3, $4, 'DONE')`, [
            turn!.id,
            turn!.sideId,
            10 + i,
            s.labeler.id,
          ]);
          await client.query('COMMIT');
          return 'ok';
        } catch (error) {
          await client.query('ROLLBACK');
          return (error as Error).message;
        } finally {
          client.release();
        }
      });
      const outcomes = await Promise.all(tries);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(4);
      expect(outcomes.filter((o) => o !== 'ok').every((o) => /this project allows 6/.test(o))).toBe(true);
    } finally {
      await Promise.all(instances.map((p) => p.end()));
    }
    const refused = await post(s.key, { action: 'retry', turn: 1, side: 1 });
    expect(refused.status).toBe(429);
  });

  it('a lead saves the chat settings; the task settings form keeps the chat weight; too few connections are refused', async () => {
    const s = await setup();
    const lead = await buildUser({ role: 'LEAD' });
    const form = {
      chatWeight: '3',
      sides: '2',
      pairSelection: 'weighted',
      prompts: 'seed',
      continuation: 'shared',
      revealAfterVote: 'on',
      maxPromptChars: '500',
      maxTurns: '4',
      callsPerMinute: '12',
      connection: [s.alpha.id, s.beta.id],
      [`weight:${s.alpha.id}`]: '2',
    };
    await updateChatSettings({ actorId: lead.id, projectId: s.project.id, input: ZChatSettingsForm.parse(form) });
    await expect(
      updateChatSettings({
        actorId: lead.id,
        projectId: s.project.id,
        input: ZChatSettingsForm.parse({ ...form, connection: [s.alpha.id] }),
      }),
    ).rejects.toThrow(/at least 2 connections/);
    const taskForm = ZProjectTaskSettings.parse({
      rankWeight: '1',
      demonstrateWeight: '0',
      perturbWeight: '0',
      detectWeight: '0',
      minLength: '1',
      maxLength: '100',
      overlap: '1',
      perturbOverlap: '1',
      perturbSourceMinLikert: '',
      detectTrialsPerSource: '4',
      detectMinSpanOverlapPercent: '30',
    });
    await updateTaskSettings({ actorId: lead.id, projectId: s.project.id, input: taskForm });
    const [row] = await q<{ settings: unknown }>(`SELECT settings FROM projects WHERE id = $1`, [s.project.id]);
    const settings = readProjectSettings(row?.settings);
    expect(settings.taskMix.chat).toBe(3);
    expect(settings.chat).toMatchObject({
      pairSelection: 'weighted',
      prompts: 'seed',
      continuation: 'shared',
      revealAfterVote: true,
      maxPromptChars: 500,
      maxTurns: 4,
      callsPerMinute: 12,
      connections: [
        { connectionId: s.alpha.id, weight: 2 },
        { connectionId: s.beta.id, weight: 1 },
      ],
    });
  });

  it("holds the connections' concurrency limit across battles (call slots in PostgreSQL)", async () => {
    const s = await setup();
    await q(`UPDATE model_connections SET "maxConcurrency" = 1 WHERE id = ANY($1::uuid[])`, [[s.alpha.id, s.beta.id]]);
    const second = await buildUser({ role: 'LABELER' });
    await q(`INSERT INTO memberships ("projectId", "userId") VALUES ($1, $2)`, [s.project.id, second.id]);
    const claimed = await claimMixedTask({ projectId: s.project.id, userId: second.id });
    const key2 = { assignmentId: claimed!.assignmentId, userId: second.id, projectId: s.project.id };
    const inFlight = new Map<string, number>();
    let most = 0;
    const counted: ModelStream = async function* (target) {
      inFlight.set(target.model, (inFlight.get(target.model) ?? 0) + 1);
      most = Math.max(most, ...inFlight.values());
      try {
        await new Promise((r) => setTimeout(r, 300));
        yield { type: 'delta', text: 'ok' };
        yield {
          type: 'done',
          finishReason: 'stop',
          promptTokens: 1,
          completionTokens: 1,
          model: target.model,
          latencyMs: 300,
          firstTokenMs: 300,
        };
      } finally {
        inFlight.set(target.model, (inFlight.get(target.model) ?? 1) - 1);
      }
    };
    const [a, b] = await Promise.all([
      post(s.key, { action: 'send', prompt: 'one' }, counted),
      post(key2, { action: 'send', prompt: 'two' }, counted),
    ]);
    expect([...a.lines, ...b.lines].filter((l) => l.type === 'end').map((l) => l.status)).toEqual(['DONE', 'DONE', 'DONE', 'DONE']);
    expect(most).toBe(1);
    const [live] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM model_call_leases WHERE "connectionId" = ANY($1::uuid[]) AND "endedAt" IS NULL`,
      [[s.alpha.id, s.beta.id]],
    );
    expect(live?.n).toBe(0);

    // A skipped battle's votes leave the arena votes; an unfinished one keeps them.
    await voteChatTurn({ ...s.key, input: ZVoteChatTurn.parse({ assignmentId: s.key.assignmentId, turn: 1, winner: { kind: 'tie' } }) });
    await voteChatTurn({ ...key2, input: ZVoteChatTurn.parse({ assignmentId: key2.assignmentId, turn: 1, winner: { kind: 'tie' } }) });
    expect(await findArenaVotes({ projectId: s.project.id })).toHaveLength(2);
    await skipTask({ userId: second.id, projectId: s.project.id, input: { assignmentId: key2.assignmentId, reason: 'broken', note: '' } });
    expect((await findArenaVotes({ projectId: s.project.id })).map((v) => v.battleId)).toHaveLength(1);
  });
});
