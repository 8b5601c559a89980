/**
 * Issue 26: chat votes in the exports — `arena` (Chatbot Arena battle rows) re-imported through
 * lib/import/formats/arena.ts gives the same battles back; `pairs-chat` and `rankings` carry the
 * votes; a flagged battle is left out.
 */
process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';

import { describe, expect, it } from 'vitest';
import { buildModelConnection, buildProject, buildUser, uniqueName } from '@/lib/builders';
import type { ModelStream } from '@/lib/chat/run-chat-samples';
import { ZVoteChatTurn } from '@/lib/chat/schemas';
import { serveChatStream } from '@/lib/chat/serve-chat-stream';
import { voteChatTurn } from '@/lib/chat/vote-chat-turn';
import { flagChatConversation } from '@/lib/chat/flag-chat-conversation';
import { getPgPool, withTransaction } from '@/lib/db';
import { loadExportItems } from '@/lib/export/load-export-items';
import { ZExportRequest, toExportSettings } from '@/lib/export/schemas';
import { streamShards, writeExport } from '@/lib/export/write-export';
import { importFile } from '@/lib/import/import-file';
import { claimMixedTask } from '@/lib/tasks/claim-next';
import { finishChat } from '@/lib/tasks/kinds/chat';

const q = <T extends object>(text: string, values: unknown[] = []) =>
  getPgPool()
    .query<T & Record<string, unknown>>(text, values)
    .then((r) => r.rows);

async function exportLines(projectId: string, format: string, options: Record<string, unknown> = {}) {
  const settings = toExportSettings(ZExportRequest.parse({ format, ...options }));
  const chunks: Buffer[] = [];
  await withTransaction(
    async (client) => {
      await writeExport({
        settings,
        batches: loadExportItems({ client, projectId, settings }),
        shards: streamShards(async (chunk) => void chunks.push(chunk)),
      });
    },
    { isolation: 'repeatable read', readOnly: true },
  );
  return Buffer.concat(chunks)
    .toString('utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

// Each side answers with its model's name spelled out, so the rows can be checked against the sides.
const answering: ModelStream = async function* (target, request) {
  const last = request.messages.at(-1)?.content ?? '';
  yield { type: 'delta', text: `${target.model} says ${last.length}` };
  yield { type: 'done', finishReason: 'stop', promptTokens: 1, completionTokens: 1, model: target.model, latencyMs: 1, firstTokenMs: 1 };
};

async function battle(projectId: string, userId: string, prompts: string[], winners: unknown[]) {
  const claimed = await claimMixedTask({ projectId, userId });
  const key = { assignmentId: claimed!.assignmentId, userId, projectId };
  for (const [i, prompt] of prompts.entries()) {
    const request = new Request('http://app.test/x', {
      method: 'POST',
      body: JSON.stringify({ action: 'send', assignmentId: key.assignmentId, prompt }),
    });
    await (await serveChatStream({ request, projectId, userId, stream: answering })).text();
    await voteChatTurn({ ...key, input: ZVoteChatTurn.parse({ assignmentId: key.assignmentId, turn: i + 1, winner: winners[i] }) });
  }
  await finishChat({ ...key, input: { assignmentId: key.assignmentId } });
  return key;
}

describe('chat votes in exports', () => {
  it('arena rows re-import equal; pairs-chat and rankings carry the votes; flagged battles are left out', async () => {
    const labeler = await buildUser({ role: 'LABELER' });
    const a = await buildModelConnection({
      projectId: null,
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'model-alpha',
      name: uniqueName('Alpha'),
    });
    const b = await buildModelConnection({
      projectId: null,
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'model-beta',
      name: uniqueName('Beta'),
    });
    const project = await buildProject({
      members: [labeler.email],
      settings: { taskMix: { rank: 0, chat: 1 }, chat: { connections: [{ connectionId: a.id }, { connectionId: b.id }] } },
    });
    await battle(project.id, labeler.id, ['Why is the sky blue?', 'Shorter please.'], [{ kind: 'side', index: 1 }, { kind: 'tie' }]);
    const sides = await q<{ name: string; model: string }>(
      `SELECT m.name, m.model FROM chat_sides d JOIN model_connections m ON m.id = d."connectionId" JOIN chat_conversations c ON c.id = d."conversationId"
       WHERE c."projectId" = $1 ORDER BY d.position`,
      [project.id],
    );

    const arena = await exportLines(project.id, 'arena');
    expect(arena.map((r) => [r.turn, r.model_a, r.model_b, r.winner, r.anony])).toEqual([
      [1, sides[0]!.name, sides[1]!.name, 'model_b', true],
      [2, sides[0]!.name, sides[1]!.name, 'tie', true],
    ]);
    const second = arena[1]!.conversation_b as { role: string; content: string }[];
    expect(second.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(second[3]!.content).toBe(`${sides[1]!.model} says ${'Shorter please.'.length}`);

    const pairs = await exportLines(project.id, 'pairs-chat');
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ chosen: [{ role: 'assistant', content: `${sides[1]!.model} says 20` }], tie: false });
    const rankings = await exportLines(project.id, 'rankings');
    expect(rankings).toHaveLength(2);

    // Re-imported through the Chatbot Arena importer: the same battles, models and verdicts.
    const again = await buildProject({ name: 'Arena round trip' });
    const outcome = await importFile({
      projectId: again.id,
      actorId: null,
      withLabels: true,
      format: 'arena',
      open: async function* () {
        yield Buffer.from(arena.map((r) => JSON.stringify(r)).join('\n') + '\n', 'utf8');
      },
    });
    expect(outcome.ok, JSON.stringify(outcome).slice(0, 800)).toBe(true);
    const imported = await q<{ messages: unknown; models: string[]; ranking: string[][]; ids: string[] }>(
      `SELECT i.messages, ARRAY(SELECT r."modelId" FROM responses r WHERE r."itemId" = i.id ORDER BY r."externalId") AS models,
              ARRAY(SELECT r.id::text FROM responses r WHERE r."itemId" = i.id ORDER BY r."externalId") AS ids,
              (SELECT j.ranking FROM judgments j WHERE j."itemId" = i.id) AS ranking
       FROM items i WHERE i."projectId" = $1 ORDER BY i."createdAt", i."externalId"`,
      [again.id],
    );
    expect(imported).toHaveLength(2);
    expect(new Set(imported.flatMap((i) => i.models))).toEqual(new Set([sides[0]!.name, sides[1]!.name]));
    // Turn 1 (B won): B's response above A's; turn 2 (tie): one group.
    const shapes = imported.map((i) => i.ranking.map((g) => g.map((id) => i.models[i.ids.indexOf(id)])));
    expect(shapes).toContainEqual([[sides[1]!.name], [sides[0]!.name]]);
    expect(shapes.some((s) => s.length === 1 && s[0]!.length === 2)).toBe(true);
    // Each side's thread comes back whole: the shared prompt, the first reply, then the turns kept as its continuation.
    const threads = await q<{ externalId: string; thread: unknown }>(
      `SELECT r."externalId", i.messages || jsonb_build_array(jsonb_build_object('role', 'assistant', 'content', r.text)) || coalesce(r.metadata -> 'continuation', '[]'::jsonb) AS thread
       FROM responses r JOIN items i ON i.id = r."itemId" WHERE i."projectId" = $1`,
      [again.id],
    );
    const exported = arena.flatMap((row) => [
      [`${String(row.question_id)}-a`, row.conversation_a],
      [`${String(row.question_id)}-b`, row.conversation_b],
    ]);
    expect(Object.fromEntries(threads.map((t) => [t.externalId, t.thread]))).toEqual(Object.fromEntries(exported));
    const reexported = await exportLines(again.id, 'rankings');
    expect(reexported).toHaveLength(2);

    // "Do not use this conversation" takes a battle out of every export.
    const claimed = await claimMixedTask({ projectId: project.id, userId: labeler.id });
    const key = { assignmentId: claimed!.assignmentId, userId: labeler.id, projectId: project.id };
    const request = new Request('http://app.test/x', {
      method: 'POST',
      body: JSON.stringify({ action: 'send', assignmentId: key.assignmentId, prompt: 'Another' }),
    });
    await (await serveChatStream({ request, projectId: project.id, userId: labeler.id, stream: answering })).text();
    await voteChatTurn({
      ...key,
      input: ZVoteChatTurn.parse({ assignmentId: key.assignmentId, turn: 1, winner: { kind: 'side', index: 0 } }),
    });
    expect(await exportLines(project.id, 'arena')).toHaveLength(3);
    await flagChatConversation({ ...key, input: { assignmentId: key.assignmentId, doNotUse: true } });
    expect(await exportLines(project.id, 'arena')).toHaveLength(2);
  });
});
