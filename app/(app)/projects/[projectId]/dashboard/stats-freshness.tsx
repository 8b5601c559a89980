import { StatsFreshnessBanner } from '@/components/dashboard/stats-freshness-banner';
import { getStatsFreshness } from '@/lib/judgments/get-stats-freshness';
import { findFoldBacklog } from '@/lib/dashboard/find-fold-backlog';
import { queueStatsRefresh, refreshProjectStats } from '@/lib/judgments/refresh-project-stats';

/** The dashboard's banner while stored figures are out of date (issue 23): reads the freshness, and queues the recompute if none is. */
export async function StatsFreshness({ projectId }: { projectId: string }) {
  const [f, foldBacklog] = await Promise.all([getStatsFreshness({ projectId }), findFoldBacklog({ projectId })]);
  if (f.outOfDate > 0 && !f.job.queued && !f.job.running) await refreshProjectStats({ projectId });
  if (foldBacklog && !f.job.queued && !f.job.running) await queueStatsRefresh({ projectId });
  const since = f.job.running?.since ?? f.job.queued?.since ?? null;
  return (
    <StatsFreshnessBanner
      freshness={{
        outOfDate: f.outOfDate,
        staleItems: f.staleItems,
        labelers: f.labelers.map((l) => ({ name: l.name, excluded: l.excluded })),
        progress: f.progress && { done: f.progress.done, total: f.progress.total },
        job: f.job.running ? 'running' : f.job.queued || f.outOfDate > 0 ? 'queued' : null,
        forSeconds: since ? Math.max(0, Math.round((Date.now() - since.getTime()) / 1000)) : null,
        foldBacklog,
      }}
    />
  );
}
