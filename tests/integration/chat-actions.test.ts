/**
 * Issue 26: the chat screen's server actions with their real guards (session from a mocked
 * getServerSession, as fuzz-actions.test.ts does): A's task, B's session is refused and writes
 * nothing; malformed input names the field; the owner's answers carry no model identity.
 */
process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildModelConnection, buildProject, buildUser, uniqueName } from '@/lib/builders';
import { getPgPool } from '@/lib/db';
import { claimMixedTask } from '@/lib/tasks/claim-next';
import { startChatServer, type ChatServer } from '../helpers/chat-server';

const session: { current: { user: { id: string; sv: number } } | null } = { current: null };
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  getServerSession: async () => session.current,
}));
vi.mock('next/server', () => ({ after: () => undefined, connection: async () => undefined }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ host: 'app.test' }),
  cookies: async () => ({ get: () => undefined }),
}));
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';

const chat = await import('@/app/(app)/label/[projectId]/chat-actions');

let server: ChatServer;
beforeAll(async () => {
  server = await startChatServer({ seed: 7 });
});
afterAll(() => server.close());

const count = async (table: string) => (await getPgPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n;

describe('chat actions', () => {
  it("refuses A's task in B's session, names malformed fields, and answers the owner without model names", async () => {
    const owner = await buildUser({ role: 'LABELER' });
    const other = await buildUser({ role: 'LABELER' });
    const a = await buildModelConnection({ projectId: null, baseUrl: server.url, model: 'secret-a-model', name: uniqueName('Secret A') });
    const b = await buildModelConnection({ projectId: null, baseUrl: server.url, model: 'secret-b-model', name: uniqueName('Secret B') });
    const project = await buildProject({
      members: [owner.email, other.email],
      settings: { taskMix: { rank: 0, chat: 1 }, chat: { connections: [{ connectionId: a.id }, { connectionId: b.id }] } },
    });
    const claimed = await claimMixedTask({ projectId: project.id, userId: owner.id });
    const assignmentId = claimed!.assignmentId;
    const before = await Promise.all(['chat_votes', 'chat_samples', 'chat_turns'].map(count));
    const [flagBefore] = (await getPgPool().query(`SELECT "doNotUse" FROM chat_conversations WHERE "assignmentId" = $1`, [assignmentId]))
      .rows;

    session.current = { user: { id: other.id, sv: 0 } };
    const refused = [
      await chat.voteChatTurnAction(project.id, { assignmentId, turn: 1, winner: { kind: 'tie' } }),
      await chat.stopChatSideAction(project.id, { assignmentId, turn: 1, side: 0 }),
      await chat.flagChatConversationAction(project.id, { assignmentId, doNotUse: true }),
      await chat.finishChatAction(project.id, { assignmentId }),
      await chat.refreshChatAction(project.id, { assignmentId }),
    ];
    for (const answer of refused) {
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error).toMatch(/No such task|no longer yours|no longer open|finished or no longer yours/);
    }
    const malformed = await chat.voteChatTurnAction(project.id, { assignmentId, turn: 0, winner: { kind: 'side', index: 9 } });
    expect(malformed).toMatchObject({ ok: false });
    if (!malformed.ok) expect(Object.keys(malformed.fieldErrors ?? {})).toEqual(expect.arrayContaining(['turn']));
    expect(await Promise.all(['chat_votes', 'chat_samples', 'chat_turns'].map(count))).toEqual(before);
    expect(
      (await getPgPool().query(`SELECT "doNotUse" FROM chat_conversations WHERE "assignmentId" = $1`, [assignmentId])).rows[0],
    ).toEqual(flagBefore);

    session.current = { user: { id: owner.id, sv: 0 } };
    const mine = await chat.refreshChatAction(project.id, { assignmentId });
    expect(mine.ok).toBe(true);
    const payload = JSON.stringify(mine);
    for (const secret of [a.id, b.id, a.name, b.name, a.model, b.model]) expect(payload).not.toContain(secret);
    expect(await chat.flagChatConversationAction(project.id, { assignmentId, doNotUse: true })).toEqual({ ok: true, doNotUse: true });
    session.current = null;
  });
});
