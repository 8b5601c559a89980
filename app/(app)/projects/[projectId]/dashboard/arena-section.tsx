import { ArenaLeaderboard } from '@/components/arena/arena-leaderboard';
import { arenaLeaderboard } from '@/lib/arena/leaderboard';
import { findArenaVotes } from '@/lib/chat/find-arena-votes';

/** The dashboard's arena section (issue 26): the chat battles' votes (flagged, skipped and excluded left out) as a leaderboard. */
export async function ArenaSection({ projectId }: { projectId: string }) {
  const votes = await findArenaVotes({ projectId });
  if (votes.length === 0) return null;
  const leaderboard = arenaLeaderboard(votes, { bootstrap: 200, seed: 26 });
  return (
    <section aria-labelledby="arena-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="arena-heading" className="text-lg font-semibold">
        Arena leaderboard
      </h2>
      <ArenaLeaderboard leaderboard={leaderboard} />
    </section>
  );
}
