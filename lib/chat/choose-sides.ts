import type { PoolClient } from 'pg';
import type { ArenaModel } from '@/lib/arena/types';
import { selectSides } from '@/lib/arena/select-pair';
import { findArenaVotes } from '@/lib/chat/find-arena-votes';
import type { TChatSettings } from '@/lib/projects/chat-settings';

/** The connections in play that still exist for the project (its own or shared, not archived), with their weights. */
export async function findChatModels(client: PoolClient, o: { projectId: string; chat: TChatSettings }): Promise<ArenaModel[]> {
  const ids = o.chat.connections.map((c) => c.connectionId);
  if (ids.length === 0) return [];
  const { rows } = await client.query<{ id: string; name: string }>(
    `SELECT id, name FROM model_connections WHERE id = ANY($1::uuid[]) AND ("projectId" = $2 OR "projectId" IS NULL) AND "archivedAt" IS NULL`,
    [ids, o.projectId],
  );
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return o.chat.connections
    .filter((c) => names.has(c.connectionId))
    .map((c) => ({ connectionId: c.connectionId, name: names.get(c.connectionId) ?? '', weight: c.weight }));
}

/**
 * The models of a new battle, in the order shown (A, B, …): `chat.sides` of the connections in
 * play, by the project's pair-selection rule (lib/arena/select-pair.ts; the active rule reads the
 * votes so far), then shuffled so a model's letter says nothing. Null when too few are in play.
 */
export async function chooseSides(
  client: PoolClient,
  o: { projectId: string; chat: TChatSettings; random: () => number },
): Promise<ArenaModel[] | null> {
  const models = await findChatModels(client, o);
  if (models.length < o.chat.sides) return null;
  const votes = o.chat.pairSelection === 'active' ? await findArenaVotes({ projectId: o.projectId }) : [];
  const chosen = selectSides({ models, votes, rule: o.chat.pairSelection, sides: o.chat.sides, random: o.random });
  if (chosen.length < o.chat.sides) return null;
  // Fisher–Yates: the letters are assigned at random whatever order the rule returned.
  for (let i = chosen.length - 1; i > 0; i--) {
    const j = Math.floor(o.random() * (i + 1));
    [chosen[i], chosen[j]] = [chosen[j] as ArenaModel, chosen[i] as ArenaModel];
  }
  return chosen;
}
